#!/usr/bin/env python3
"""Writes fixtures/<case>/plan.json: plan and state JSON shaped exactly as
`terraform show -json` writes it (AWS provider v5 aws_dynamodb_table schema).

The expected verdicts beside each plan (expected.txt) are written by hand, not by
this script: it only builds inputs. Run it after changing a case, then review the
diff of the JSON. Usage: scripts/make-fixtures.py [FIXTURES_DIR]
"""
import copy
import json
import os
import sys

AWS = "registry.terraform.io/hashicorp/aws"

# ---------------------------------------------------------------- addresses

def module_address(modules):
    """modules: [(call_name, key)] with key None, an int, or a str."""
    parts = []
    for name, key in modules:
        parts.append("module." + name + index_suffix(key))
    return ".".join(parts)


def index_suffix(key):
    if key is None:
        return ""
    if isinstance(key, int):
        return "[%d]" % key
    return "[" + json.dumps(key, ensure_ascii=False) + "]"


def resource_address(modules, rtype, name, index=None, mode="managed"):
    prefix = module_address(modules)
    local = ("data." if mode == "data" else "") + rtype + "." + name + index_suffix(index)
    return prefix + "." + local if prefix else local

# ---------------------------------------------------------------- tables

KEEP = object()  # "as Terraform would decide it": the default of Table's override arguments


def pitr_state(enabled, period=None):
    """point_in_time_recovery as the provider reads it back into state: the window
    is 35 days when PITR is on and nothing else is set, 0 when PITR is off."""
    if period is None:
        period = 35 if enabled else 0
    return [{"enabled": enabled, "recovery_period_in_days": period}]


def known_mirror(value):
    """after_unknown / *_sensitive of a fully known, non-sensitive value: lists keep
    one entry per element (false for a primitive), objects and maps keep only
    their container members."""
    if isinstance(value, dict):
        return {k: known_mirror(v) for k, v in value.items() if isinstance(v, (dict, list))}
    if isinstance(value, list):
        return [known_mirror(v) if isinstance(v, (dict, list)) else False for v in value]
    return False


STREAM_LABEL = "2026-03-04T08:15:42.117"  # when the tables' streams were enabled


def replica_state(table_name, region, pitr):
    """One element of a table's `replica` set as the provider reads it into state."""
    return {"arn": "arn:aws:dynamodb:%s:123456789012:table/%s" % (region, table_name),
            "consistency_mode": "EVENTUAL", "deletion_protection_enabled": False,
            "kms_key_arn": "", "point_in_time_recovery": pitr, "propagate_tags": False,
            "region_name": region,
            "stream_arn": "arn:aws:dynamodb:%s:123456789012:table/%s/stream/%s" % (
                region, table_name, STREAM_LABEL),
            "stream_label": STREAM_LABEL}


def table_values(name, pitr):
    """Known attributes of a PAY_PER_REQUEST table after apply. `pitr` is the
    point_in_time_recovery value: a list of blocks, or None when unknown."""
    v = {
        "attribute": [{"name": "pk", "type": "S"}],
        "billing_mode": "PAY_PER_REQUEST",
        "deletion_protection_enabled": None,
        "global_secondary_index": [],
        "hash_key": "pk",
        "import_table": [],
        "local_secondary_index": [],
        "name": name,
        "on_demand_throughput": [],
        "range_key": None,
        "replica": [],
        "restore_date_time": None,
        "restore_source_name": None,
        "restore_source_table_arn": None,
        "restore_to_latest_time": None,
        "stream_enabled": None,
        "table_class": "STANDARD",
        "tags": {"team": "payments"},
        "tags_all": {"team": "payments"},
        "timeouts": None,
        "ttl": [],
    }
    if pitr is not None:
        v["point_in_time_recovery"] = pitr
    return dict(sorted(v.items()))


def state_extras(values, name):
    v = dict(values)
    v.update({
        "arn": "arn:aws:dynamodb:eu-west-1:123456789012:table/" + name,
        "id": name,
        "read_capacity": 0,
        "write_capacity": 0,
        "server_side_encryption": [],
        "stream_arn": "",
        "stream_label": "",
        "stream_view_type": "",
        "ttl": [{"attribute_name": "", "enabled": False}],
    })
    return dict(sorted(v.items()))


def sensitive_mirror(values, sensitive_keys=()):
    """after_sensitive / sensitive_values: lists and maps mirrored, scalars omitted."""
    out = {}
    for k, v in values.items():
        if k in sensitive_keys:
            out[k] = True
        elif isinstance(v, list):
            out[k] = [sensitive_mirror(i) if isinstance(i, dict) else False for i in v]
        elif isinstance(v, dict) and k in ("tags", "tags_all"):
            out[k] = {}
    return out


class Table:
    """One aws_dynamodb_table instance in a plan.

    pitr: "omitted" | ("const", bool) | ("var", var_name, bool) |
          ("ref", [references]) (enabled unknown until apply)
    action: create | update | no-op | delete | replace | replace-cbd | forget | create-forget
    prior: PITR `enabled` in the prior state (update, no-op, delete, replace), or None
    """

    def __init__(self, name, pitr="omitted", action="create", modules=(), index=None,
                 prior=True, table_name=None, sensitive=(), deposed=None, replicas=(), sse=None,
                 period=None, before_pitr=None, protection=None, after_protection=KEEP,
                 reason=KEEP, replace_paths=KEEP, previous_address=None, importing=None,
                 tainted=False, before_set=None, after_set=None, before_replicas=(),
                 before_table_name=None):
        """replicas: [(region, pitr)] with pitr True, False, "omitted" or ("ref", refs).
        sse: None (block omitted) | "aws-managed" (enabled, no key) | ("kms", arn) |
             ("ref", refs) (key from a resource created in the same apply).

        The arguments below default to what the older cases were written with, so
        those stay byte-identical:
        before_pitr: the state's point_in_time_recovery list (pitr_state()); None
             keeps the old `[{"enabled": prior, "recovery_period_in_days": 35}]`.
        protection / after_protection: deletion_protection_enabled in state and in
             the configuration (None: not set); after_protection defaults to protection.
        reason / replace_paths: action_reason and change.replace_paths; KEEP lets the
             action decide, None leaves the key out.
        previous_address: the address a `moved` block moved this instance from.
        importing: change.importing, e.g. {"id": "orders"}.
        tainted: the prior_state object is tainted.
        before_set / after_set: attributes whose state (before) or configured
             (after) value differs from table_values(); after_set is configuration.
        before_replicas: [(region, pitr)] replica set elements in state.
        before_table_name: the state's `name` when the plan changes it.
        A deposed object given `before_pitr` is also written to prior_state with its
        `deposed_key`, beside the current object."""
        self.name, self.pitr, self.action = name, pitr, action
        self.modules, self.index, self.prior = list(modules), index, prior
        self.table_name = table_name or name.replace("_", "-")
        self.sensitive, self.deposed = sensitive, deposed
        self.replicas, self.sse = list(replicas), sse
        self.period = period  # recovery_period_in_days: None (not set), an int, or ("ref", refs)
        self.before_pitr, self.protection = before_pitr, protection
        self.after_protection = protection if after_protection is KEEP else after_protection
        self.reason, self.replace_paths = reason, replace_paths
        self.previous_address, self.importing, self.tainted = previous_address, importing, tainted
        self.before_set, self.after_set = dict(before_set or {}), dict(after_set or {})
        self.before_replicas = list(before_replicas)
        self.before_table_name = before_table_name or self.table_name

    @property
    def creating(self):
        """The plan makes a new object (create or either replace)."""
        return self.action in ("create", "replace", "replace-cbd", "create-forget")

    @property
    def address(self):
        return resource_address(self.modules, "aws_dynamodb_table", self.name, self.index)

    def config_expr(self):
        e = {
            "attribute": [{"name": {"constant_value": "pk"}, "type": {"constant_value": "S"}}],
            "billing_mode": {"constant_value": "PAY_PER_REQUEST"},
            "hash_key": {"constant_value": "pk"},
            "name": {"constant_value": self.table_name},
            "tags": {"constant_value": {"team": "payments"}},
        }
        if "name" in self.sensitive:
            e["name"] = {"references": ["var.table_name"]}
        if self.after_protection is not None:
            e["deletion_protection_enabled"] = {"constant_value": self.after_protection}
        for k, v in self.after_set.items():
            if k == "tags_all":  # the provider's, never configured
                continue
            if isinstance(v, list):  # nested blocks: one expression object per block
                e[k] = [{bk: {"constant_value": bv} for bk, bv in b.items()} for b in v]
            else:
                e[k] = {"constant_value": v}
        if self.replicas:
            blocks = []
            for region, pitr in self.replicas:
                b = {"region_name": {"constant_value": region}}
                if pitr in (True, False):
                    b["point_in_time_recovery"] = {"constant_value": pitr}
                elif pitr != "omitted":
                    b["point_in_time_recovery"] = {"references": pitr[1]}
                blocks.append(b)
            e["replica"] = blocks
        if self.sse is not None:
            b = {"enabled": {"constant_value": True}}
            if isinstance(self.sse, tuple) and self.sse[0] == "kms":
                b["kms_key_arn"] = {"constant_value": self.sse[1]}
            elif isinstance(self.sse, tuple):
                b["kms_key_arn"] = {"references": self.sse[1]}
            e["server_side_encryption"] = [b]
        p = self.pitr
        if p != "omitted":
            if p[0] == "const":
                e["point_in_time_recovery"] = [{"enabled": {"constant_value": p[1]}}]
            elif p[0] == "var":
                e["point_in_time_recovery"] = [{"enabled": {"references": ["var." + p[1]]}}]
            elif p[0] == "ref":
                e["point_in_time_recovery"] = [{"enabled": {"references": p[1]}}]
            if isinstance(self.period, int):
                e["point_in_time_recovery"][0]["recovery_period_in_days"] = {"constant_value": self.period}
            elif self.period is not None:
                e["point_in_time_recovery"][0]["recovery_period_in_days"] = {"references": self.period[1]}
        return dict(sorted(e.items()))

    def after_pitr(self):
        """(after value or None, after_unknown value) for point_in_time_recovery."""
        p = self.pitr
        creating = self.creating
        prior = self.before_pitr_block()
        if p == "omitted":
            if creating:
                return None, True  # Optional+Computed block: unknown, provider leaves PITR off
            return copy.deepcopy(prior), [{}]
        if p[0] in ("const", "var"):
            block = {"enabled": p[-1]}
            if isinstance(self.period, int):
                block["recovery_period_in_days"] = self.period
                return [block], [{}]
            if self.period is not None:  # from a value known only after apply
                return [block], [{"recovery_period_in_days": True}]
            if not creating:  # Optional+Computed: the planned value keeps the state's
                block["recovery_period_in_days"] = prior[0]["recovery_period_in_days"]
            return [block], [{"recovery_period_in_days": True}] if creating else [{}]
        # enabled from a value known only after apply; a constant window stays known
        if isinstance(self.period, int):
            return [{"recovery_period_in_days": self.period}], [{"enabled": True}]
        if not creating:  # the window is not configured: it keeps the state's value
            return ([{"recovery_period_in_days": prior[0]["recovery_period_in_days"]}],
                    [{"enabled": True}])
        return [{}], [{"enabled": True, "recovery_period_in_days": True}]

    def before_pitr_block(self):
        if self.before_pitr is not None:
            return self.before_pitr
        return [{"enabled": self.prior, "recovery_period_in_days": 35}]

    def before_values(self):
        v = state_extras(table_values(self.before_table_name, copy.deepcopy(
            self.before_pitr_block())), self.before_table_name)
        if self.protection is not None:
            v["deletion_protection_enabled"] = self.protection
        if self.before_replicas:
            v["replica"] = [replica_state(self.before_table_name, r, p)
                            for r, p in self.before_replicas]
        v.update(copy.deepcopy(self.before_set))
        return dict(sorted(v.items()))

    def replica_after(self):
        """(after, after_unknown) for the replica set."""
        after, unknown = [], []
        kept = {r: p for r, p in self.before_replicas} if not self.creating else {}
        for region, pitr in self.replicas:
            if region in kept and pitr in (True, False):  # unchanged element: state values
                after.append(replica_state(self.table_name, region, pitr))
                unknown.append({})
                continue
            b = {"consistency_mode": "EVENTUAL", "deletion_protection_enabled": False,
                 "propagate_tags": False, "region_name": region}
            u = {"arn": True, "kms_key_arn": True, "stream_arn": True, "stream_label": True}
            if pitr in (True, False):
                b["point_in_time_recovery"] = pitr
            elif pitr == "omitted":
                b["point_in_time_recovery"] = False  # schema default
            else:
                u["point_in_time_recovery"] = True
            after.append(dict(sorted(b.items())))
            unknown.append(dict(sorted(u.items())))
        return after, unknown

    def sse_after(self):
        """(after value or None, after_unknown) for server_side_encryption."""
        if self.sse is None:
            return None, True  # Optional+Computed block, not configured
        if isinstance(self.sse, tuple) and self.sse[0] == "kms":
            return [{"enabled": True, "kms_key_arn": self.sse[1]}], [{}]
        return [{"enabled": True}], [{"kms_key_arn": True}]

    def after_values(self):
        pitr, _ = self.after_pitr()
        v = table_values(self.table_name, pitr)
        v["replica"] = self.replica_after()[0]
        sse, _ = self.sse_after()
        if sse is not None:
            v["server_side_encryption"] = sse
            v = dict(sorted(v.items()))
        if self.action in ("update", "no-op"):
            prior = self.before_values()
            for k in ("arn", "id", "read_capacity", "write_capacity", "server_side_encryption",
                      "stream_arn", "stream_label", "stream_view_type", "ttl"):
                v[k] = prior[k]
            for k in self.before_set:  # state-only values carry over unless configured
                v[k] = copy.deepcopy(self.before_set[k])
            v = dict(sorted(v.items()))
        if self.after_protection is not None:
            v["deletion_protection_enabled"] = self.after_protection
        if self.after_set:
            v.update(copy.deepcopy(self.after_set))
            v = dict(sorted(v.items()))
        return v

    def after_unknown(self):
        _, pu = self.after_pitr()
        if self.action in ("update", "no-op"):
            u = {"attribute": [{}], "global_secondary_index": [], "import_table": [],
                 "local_secondary_index": [], "on_demand_throughput": [], "replica": [],
                 "server_side_encryption": [], "tags": {}, "tags_all": {}, "ttl": [{}]}
            u["point_in_time_recovery"] = pu
            u["replica"] = self.replica_after()[1]
            return self._mirror_overrides(u)
        u = {"arn": True, "attribute": [{}], "global_secondary_index": [], "id": True,
             "import_table": [], "local_secondary_index": [], "on_demand_throughput": [],
             "read_capacity": True, "replica": [], "server_side_encryption": True,
             "stream_arn": True, "stream_label": True, "stream_view_type": True, "tags": {},
             "tags_all": {}, "ttl": [], "write_capacity": True}
        u["point_in_time_recovery"] = pu
        u["replica"] = self.replica_after()[1]
        u["server_side_encryption"] = self.sse_after()[1]
        return self._mirror_overrides(u)

    def _mirror_overrides(self, u):
        """after_unknown entries for attributes set through before_set / after_set."""
        after = self.after_values()
        for k in list(self.before_set) + list(self.after_set):
            if isinstance(after.get(k), (dict, list)):
                u[k] = known_mirror(after[k])
        return dict(sorted(u.items()))

    def actions(self):
        return {"create": ["create"], "update": ["update"], "no-op": ["no-op"],
                "delete": ["delete"], "replace": ["delete", "create"],
                "replace-cbd": ["create", "delete"], "forget": ["forget"],
                "create-forget": ["create", "forget"]}[self.action]

    def resource_change(self):
        rc = {"address": self.address}
        if self.previous_address:
            rc["previous_address"] = self.previous_address
        if self.modules:
            rc["module_address"] = module_address(self.modules)
        rc.update({"mode": "managed", "type": "aws_dynamodb_table", "name": self.name})
        if self.index is not None:
            rc["index"] = self.index
        rc["provider_name"] = AWS
        if self.deposed:
            rc["deposed"] = self.deposed
        acts = self.actions()
        has_before = self.action != "create"
        has_after = self.action not in ("delete", "forget")
        before = self.before_values() if has_before else None
        after = self.after_values() if has_after else None
        change = {"actions": acts, "before": before, "after": after,
                  "after_unknown": self.after_unknown() if has_after else {},
                  "before_sensitive": sensitive_mirror(before, self.sensitive) if has_before else False,
                  "after_sensitive": sensitive_mirror(after, self.sensitive) if has_after else False}
        paths = self.replace_paths
        if paths is KEEP:
            paths = [["name"]] if self.action in ("replace", "replace-cbd") else None
        if paths is not None:
            change["replace_paths"] = paths
        if self.importing is not None:
            change["importing"] = self.importing
        rc["change"] = change
        reason = self.reason
        if reason is KEEP:
            reason = None
            if self.action in ("replace", "replace-cbd"):
                reason = "replace_because_cannot_update"
            if self.action == "delete":
                reason = "delete_because_no_resource_config"
        if reason is not None:
            rc["action_reason"] = reason
        return rc

    def _state_entry(self, values):
        """A planned_values / prior_state resource entry holding `values`."""
        entry = {"address": self.address, "mode": "managed", "type": "aws_dynamodb_table",
                 "name": self.name}
        if self.index is not None:
            entry["index"] = self.index
        entry.update({"provider_name": AWS, "schema_version": 1, "values": values,
                      "sensitive_values": sensitive_mirror(values, self.sensitive)})
        return entry

    def old_state_shape(self):
        """The cases written before before_pitr existed leave tainted / deposed_key
        out of prior_state; they stay byte-identical."""
        return self.before_pitr is None

    def planned_value(self):
        if self.action in ("delete", "forget") or self.deposed:
            return None
        return self._state_entry(self.after_values())

    def prior_value(self):
        if self.action == "create":
            return None
        entry = self._state_entry(self.before_values())
        if self.old_state_shape():
            return entry
        if self.tainted:
            entry["tainted"] = True
        if self.deposed:
            entry["deposed_key"] = self.deposed
        return entry

    def config_resource(self):
        if self.action in ("delete", "forget"):
            return None
        r = {"address": "aws_dynamodb_table." + self.name, "mode": "managed",
             "type": "aws_dynamodb_table", "name": self.name, "provider_config_key": "aws",
             "expressions": self.config_expr(), "schema_version": 1}
        if isinstance(self.index, int):
            r["count_expression"] = {"constant_value": 2}
        elif isinstance(self.index, str):
            r["for_each_expression"] = {"references": ["var.tables"]}
        return r


class TableReplica:
    """An aws_dynamodb_table_replica. pitr: True, False, "omitted" or ("ref", refs).
    action: "create", or "delete" (removed from the configuration; pitr is then the
    state's value, True or False) in `region`."""

    def __init__(self, name, pitr="omitted", modules=(), action="create", region="eu-west-2"):
        self.name, self.pitr, self.modules = name, pitr, list(modules)
        self.action, self.region = action, region
        self.address = resource_address(self.modules, "aws_dynamodb_table_replica", name)

    def state_values(self):
        """The replica as the provider reads it into state (its id is the table name
        and the main table's region)."""
        v = self.values()
        v.update({"arn": "arn:aws:dynamodb:%s:123456789012:table/orders" % self.region,
                  "deletion_protection_enabled": False, "id": "orders:eu-west-1",
                  "kms_key_arn": "", "table_class_override": "", "tags": {}, "tags_all": {}})
        return dict(sorted(v.items()))

    def values(self):
        v = {"global_table_arn": "arn:aws:dynamodb:eu-west-1:123456789012:table/orders",
             "kms_key_arn": None, "propagate_tags": False, "table_class_override": None,
             "tags": None, "timeouts": None}
        if self.pitr in (True, False):
            v["point_in_time_recovery"] = self.pitr
        elif self.pitr == "omitted":
            v["point_in_time_recovery"] = False  # schema default
        return dict(sorted(v.items()))

    def unknown(self):
        u = {"arn": True, "deletion_protection_enabled": True, "id": True, "kms_key_arn": True,
             "tags_all": True}
        if self.pitr not in (True, False, "omitted"):
            u["point_in_time_recovery"] = True
        return dict(sorted(u.items()))

    def resource_change(self):
        if self.action == "delete":
            before = self.state_values()
            return {"address": self.address, "mode": "managed",
                    "type": "aws_dynamodb_table_replica", "name": self.name, "provider_name": AWS,
                    "change": {"actions": ["delete"], "before": before, "after": None,
                               "after_unknown": {}, "before_sensitive": known_mirror(before),
                               "after_sensitive": False},
                    "action_reason": "delete_because_no_resource_config"}
        return {"address": self.address, "mode": "managed", "type": "aws_dynamodb_table_replica",
                "name": self.name, "provider_name": AWS,
                "change": {"actions": ["create"], "before": None, "after": self.values(),
                           "after_unknown": self.unknown(), "before_sensitive": False,
                           "after_sensitive": {"tags_all": {}}}}

    def planned_value(self):
        if self.action == "delete":
            return None
        return {"address": self.address, "mode": "managed", "type": "aws_dynamodb_table_replica",
                "name": self.name, "provider_name": AWS, "schema_version": 0,
                "values": self.values(), "sensitive_values": {"tags_all": {}}}

    def prior_value(self):
        if self.action == "create":
            return None
        v = self.state_values()
        return {"address": self.address, "mode": "managed", "type": "aws_dynamodb_table_replica",
                "name": self.name, "provider_name": AWS, "schema_version": 0,
                "values": v, "sensitive_values": known_mirror(v)}

    def config_resource(self):
        if self.action == "delete":
            return None
        e = {"global_table_arn": {"references": ["aws_dynamodb_table.global_ok.arn",
                                                 "aws_dynamodb_table.global_ok"]}}
        if self.pitr in (True, False):
            e["point_in_time_recovery"] = {"constant_value": self.pitr}
        elif self.pitr != "omitted":
            e["point_in_time_recovery"] = {"references": self.pitr[1]}
        return {"address": "aws_dynamodb_table_replica." + self.name, "mode": "managed",
                "type": "aws_dynamodb_table_replica", "name": self.name,
                "provider_config_key": "aws.replica", "expressions": e, "schema_version": 0}


class Other:
    """Any other resource_changes entry, passed through as given (decoys)."""

    def __init__(self, rc, config=None, planned=None, modules=()):
        self.rc, self.config, self.planned, self.modules = rc, config, planned, list(modules)

    def resource_change(self):
        return self.rc

    def planned_value(self):
        return self.planned

    def prior_value(self):
        return None

    def config_resource(self):
        return self.config


def ssm_parameter(modules=()):
    """aws_ssm_parameter.flag, created by the plan: its `value` (sensitive) and
    `version` are known only after apply. modules: [(call_name, key)] it is in."""
    address = resource_address(modules, "aws_ssm_parameter", "flag")
    after = {"allowed_pattern": None, "data_type": "text", "description": None,
             "insecure_value": None, "key_id": None, "name": "/flags/pitr",
             "overwrite": None, "tags": None, "tier": "Standard", "type": "String",
             "value": None}
    rc = {"address": address}
    if modules:
        rc["module_address"] = module_address(modules)
    rc.update({"mode": "managed", "type": "aws_ssm_parameter",
          "name": "flag", "provider_name": AWS,
          "change": {"actions": ["create"], "before": None, "after": after,
                     "after_unknown": {"arn": True, "id": True, "insecure_value": True,
                                       "key_id": True, "tags_all": True, "value": True,
                                       "version": True},
                     "before_sensitive": False,
                     "after_sensitive": {"tags_all": {}, "value": True}}})
    cfg = {"address": "aws_ssm_parameter.flag", "mode": "managed", "type": "aws_ssm_parameter",
           "name": "flag", "provider_config_key": "aws",
           "expressions": {"name": {"constant_value": "/flags/pitr"},
                           "type": {"constant_value": "String"},
                           "value": {"references": ["random_pet.flag.id", "random_pet.flag"]}},
           "schema_version": 0}
    pv = {"address": address, "mode": "managed", "type": "aws_ssm_parameter",
          "name": "flag", "provider_name": AWS, "schema_version": 0, "values": after,
          "sensitive_values": {"tags_all": {}, "value": True}}
    return Other(rc, cfg, pv, modules)

# ---------------------------------------------------------------- documents

def module_tree(items, key):
    """Nests planned_values-style modules: returns root {resources, child_modules}."""
    root = {"resources": [], "children": {}}
    for it in items:
        entry = getattr(it, key)()
        if entry is None:
            continue
        node = root
        path = []
        for m in it.modules:
            path.append(m)
            addr = module_address(path)
            node = node["children"].setdefault(addr, {"resources": [], "children": {}})
        node["resources"].append(entry)

    def emit(node, address=None):
        out = {}
        if node["resources"]:
            out["resources"] = sorted(node["resources"], key=lambda r: r["address"])
        if address is not None:
            out["address"] = address
        if node["children"]:
            out["child_modules"] = [emit(c, a) for a, c in sorted(node["children"].items())]
        return out

    return emit(root)


def config_tree(items, module_inputs):
    """configuration.root_module: resources once per module (not per instance)."""
    root = {"resources": {}, "calls": {}}
    for it in items:
        r = it.config_resource()
        if r is None:
            continue
        node = root
        for name, _key in it.modules:
            node = node["calls"].setdefault(name, {"resources": {}, "calls": {}})
        node["resources"].setdefault(r["address"], r)

    def emit(node, path):
        out = {}
        if node["resources"]:
            out["resources"] = [node["resources"][a] for a in sorted(node["resources"])]
        if node["calls"]:
            calls = {}
            for name, child in sorted(node["calls"].items()):
                call_path = path + [name]
                inputs = module_inputs.get(".".join(call_path), {})
                call = {"source": "./modules/" + name}
                if inputs.get("expressions"):
                    call["expressions"] = inputs["expressions"]
                for k in ("count_expression", "for_each_expression"):
                    if k in inputs:
                        call[k] = inputs[k]
                module = emit(child, call_path)
                if inputs.get("outputs"):  # Terraform writes a module's outputs first
                    module = dict(outputs=inputs["outputs"], **module)
                if inputs.get("variables"):
                    module["variables"] = inputs["variables"]
                call["module"] = module
                calls[name] = call
            out["module_calls"] = calls
        return out

    return emit(root, [])


def plan_document(items, *, format_version="1.2", terraform_version="1.9.8", variables=None,
                  config_variables=None, module_inputs=None, errored=False, drift=None,
                  legacy=False):
    doc = {"format_version": format_version, "terraform_version": terraform_version}
    if variables:
        doc["variables"] = {k: {"value": v} for k, v in variables.items()}
    doc["planned_values"] = {"root_module": module_tree(items, "planned_value")}
    if drift:
        doc["resource_drift"] = drift
    doc["resource_changes"] = [rc for rc in (it.resource_change() for it in items) if rc is not None]
    prior = module_tree(items, "prior_value")
    if prior.get("resources") or prior.get("child_modules"):
        doc["prior_state"] = {"format_version": "1.0", "terraform_version": terraform_version,
                              "values": {"root_module": prior}}
    cfg_root = config_tree(items, module_inputs or {})
    if config_variables:
        cfg_root["variables"] = config_variables
    doc["configuration"] = {"provider_config": {"aws": {
        "name": "aws", "full_name": AWS,
        "expressions": {"region": {"constant_value": "eu-west-1"}}}},
        "root_module": cfg_root}
    if legacy:
        strip_legacy(doc)
        return doc
    doc["timestamp"] = "2026-11-02T09:14:27Z"
    doc["applyable"] = True
    doc["complete"] = not errored
    doc["errored"] = errored
    return doc


def strip_legacy(doc):
    """Format 0.1 (Terraform 0.12-0.15): no *_sensitive mirrors, provider_name `aws`."""
    def walk(o):
        if isinstance(o, dict):
            for k in ("before_sensitive", "after_sensitive", "sensitive_values", "full_name",
                      "action_reason", "replace_paths"):
                o.pop(k, None)
            if o.get("provider_name") == AWS:
                o["provider_name"] = "aws"
            for v in o.values():
                walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)
    walk(doc)
    doc.pop("resource_drift", None)


# Terraform writes JSON with Go's encoder, which escapes these inside strings (and
# they occur nowhere else in JSON): "<" as \u003c, and so on.
GO_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def write(path, doc, pretty=True):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if pretty:
        text = json.dumps(doc, indent=2, ensure_ascii=False)
    else:  # exactly as `terraform show -json` prints: one line, then a newline
        text = json.dumps(doc, separators=(",", ":"), ensure_ascii=False)
    for char, escape in GO_ESCAPES.items():
        text = text.replace(char, escape)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text + "\n")

def mark_sensitive_parts(doc, address, attribute, value, mirror, before=None):
    """Sets `attribute` of `address` to `value`, marked by the sensitivity `mirror`,
    everywhere the plan holds it: the change's after (and before, with `before` or
    the same value), planned_values and prior_state. For `tags` the provider's
    `tags_all` follows, as it does in real plans."""
    attributes = [attribute] + (["tags_all"] if attribute == "tags" else [])

    def mark(values, mirrors, v):
        for a in attributes:
            values[a] = v
            mirrors[a] = mirror

    for rc in doc["resource_changes"]:
        if rc["address"] != address:
            continue
        ch = rc["change"]
        if ch.get("after") is not None:
            mark(ch["after"], ch["after_sensitive"], value)
        if ch.get("before") is not None:
            mark(ch["before"], ch["before_sensitive"], value if before is None else before)

    def walk(module, v):
        for r in module.get("resources", []):
            if r["address"] == address:
                mark(r["values"], r["sensitive_values"], v)
        for child in module.get("child_modules", []):
            walk(child, v)
    walk(doc["planned_values"]["root_module"], value)
    if "prior_state" in doc:
        walk(doc["prior_state"]["values"]["root_module"], value if before is None else before)


# ---------------------------------------------------------------- cases

def data_table_read():
    """data "aws_dynamodb_table" read during apply: mode data, action read."""
    return Other({"address": "data.aws_dynamodb_table.lookup", "mode": "data",
                  "type": "aws_dynamodb_table", "name": "lookup", "provider_name": AWS,
                  "change": {"actions": ["read"], "before": None,
                             "after": {"name": "existing"},
                             "after_unknown": {"arn": True, "point_in_time_recovery": True},
                             "before_sensitive": False, "after_sensitive": {}},
                  "action_reason": "read_because_dependency_pending"})


def table_item():
    """aws_dynamodb_table_item: a decoy type that no PITR policy targets."""
    after = {"hash_key": "pk", "item": "{\"pk\":{\"S\":\"1\"}}", "range_key": None,
             "table_name": "orders"}
    return Other({"address": "aws_dynamodb_table_item.seed", "mode": "managed",
                  "type": "aws_dynamodb_table_item", "name": "seed", "provider_name": AWS,
                  "change": {"actions": ["create"], "before": None, "after": after,
                             "after_unknown": {"id": True}, "before_sensitive": False,
                             "after_sensitive": {}}})


def cases():
    c = {}
    # The seed's two examples, as Terraform 1.9 plans them.
    insecure = Table("bad_example", table_name="example")
    secure = Table("good_example", pitr=("const", True), table_name="example")
    c["seed-insecure"] = plan_document([insecure])
    c["seed-secure"] = plan_document([secure])

    c["pitr-disabled"] = plan_document([Table("orders", pitr=("const", False))])

    c["pitr-from-variable"] = plan_document(
        [Table("orders", pitr=("var", "pitr_enabled", True)),
         Table("audit", pitr=("var", "audit_pitr", False))],
        variables={"pitr_enabled": True, "audit_pitr": False},
        config_variables={"pitr_enabled": {"default": True, "description": "PITR on orders"},
                          "audit_pitr": {"default": False}})

    c["pitr-unknown-from-resource"] = plan_document(
        [ssm_parameter(),
         Table("orders", pitr=("ref", ["aws_ssm_parameter.flag.value", "aws_ssm_parameter.flag"]))])

    # Modules: for_each keys with dots, quotes and unicode; count; nested modules;
    # an unknown traced through a module input to the resource it comes from.
    svc_keys = ["orders.v2", 'say "hi"', "café"]
    tables = [Table("this", modules=[("svc", k)], pitr=("var", "pitr", k != "orders.v2"))
              for k in svc_keys]
    tables += [Table("shard", modules=[("shards", 0)], index=i, pitr="omitted") for i in (0, 1)]
    tables += [Table("t", modules=[("platform", None), ("tables", 1)], index="a.b",
                     pitr=("var", "pitr", True))]
    tables += [Table("flagged", modules=[("flagged", None)], pitr=("var", "pitr", None))]
    tables.insert(0, ssm_parameter())
    inputs = {
        "svc": {"expressions": {"pitr": {"references": ["each.value.pitr", "each.value"]}},
                "for_each_expression": {"references": ["local.services"]},
                "variables": {"pitr": {}}},
        "shards": {"count_expression": {"constant_value": 1}},
        "platform": {"expressions": {}},
        "platform.tables": {"expressions": {"pitr": {"constant_value": True}},
                            "count_expression": {"constant_value": 2},
                            "variables": {"pitr": {}}},
        "flagged": {"expressions": {"pitr": {"references": [
            "aws_ssm_parameter.flag.value", "aws_ssm_parameter.flag"]}},
            "variables": {"pitr": {}}},
    }
    doc = plan_document(tables, module_inputs=inputs)
    # module.flagged's `enabled` is unknown: drop the value it was given above.
    for rc in doc["resource_changes"]:
        if rc["address"] == "module.flagged.aws_dynamodb_table.flagged":
            rc["change"]["after"]["point_in_time_recovery"] = [{}]
            rc["change"]["after_unknown"]["point_in_time_recovery"] = [
                {"enabled": True, "recovery_period_in_days": True}]
    for m in doc["planned_values"]["root_module"]["child_modules"]:
        for r in m.get("resources", []):
            if r["address"] == "module.flagged.aws_dynamodb_table.flagged":
                r["values"]["point_in_time_recovery"] = [{}]
    c["modules"] = doc

    c["pitr-through-modules"] = pitr_through_modules()

    # Every action kind, plus decoys: data source, other type, deposed, drift.
    drift_entry = Table("orders", action="update", prior=False).resource_change()
    c["actions"] = plan_document([
        Table("created", action="create"),                       # omitted → default false
        Table("updated", action="update", prior=True),           # omitted → keeps prior true
        Table("updated_off", action="update", prior=False),      # omitted → keeps prior false
        Table("unchanged", action="no-op", pitr=("const", False), prior=False),
        Table("deleted", action="delete", prior=False),
        Table("replaced", action="replace", pitr=("const", True), prior=False),
        Table("replaced_cbd", action="replace-cbd", prior=True),
        Table("forgotten", action="forget", prior=False),
        Table("reforged", action="create-forget", pitr=("const", True)),
        Table("old", action="delete", prior=False, deposed="7a1c2d3e"),
        data_table_read(),
        table_item(),
    ], drift=[drift_entry])

    # A sensitive table name (and a sensitive PITR flag): never printed.
    sens = plan_document([
        Table("secret_name", table_name="orders-7f3k-SECRETNAME", sensitive=("name",)),
        Table("secret_flag", pitr=("const", False), table_name="flags",
              sensitive=("point_in_time_recovery",)),
    ], variables={"table_name": "orders-7f3k-SECRETNAME"},
        config_variables={"table_name": {"sensitive": True}})
    c["sensitive"] = sens

    # Sensitive parts inside values a policy may show whole: a member of `tags`, a
    # map sensitive as a whole (its keys are secret too), an element of a list, and
    # a sensitive variable. Each must be hidden wherever the value is printed.
    nested = plan_document([
        Table("tagged", pitr=("const", True), action="update", prior=True),
        Table("keyed", pitr=("const", True)),
        Table("indexed", pitr=("const", True)),
    ], variables={"cost_center": "cc-4411-SECRETTAG"},
        config_variables={"cost_center": {"sensitive": True}})
    mark_sensitive_parts(nested, "aws_dynamodb_table.tagged", "tags",
                         {"team": "payments", "cost_center": "cc-4411-SECRETTAG"},
                         {"cost_center": True},
                         before={"team": "payments", "cost_center": "cc-0001-SECRETOLD"})
    mark_sensitive_parts(nested, "aws_dynamodb_table.keyed", "tags",
                         {"owner-SECRETKEY-1177": "on-call"}, True)
    mark_sensitive_parts(nested, "aws_dynamodb_table.indexed", "attribute",
                         [{"name": "pk", "type": "S"}, {"name": "gsi-SECRETATTR", "type": "S"}],
                         [{}, {"name": True}])
    c["sensitive-nested"] = nested

    # Terraform 0.12 format 0.1: no sensitive mirrors, provider_name "aws".
    c["format-0.1"] = plan_document(
        [Table("legacy_off"), Table("legacy_on", pitr=("const", True))],
        format_version="0.1", terraform_version="0.12.31", legacy=True)

    # A partial plan: Terraform stopped with an error after planning one table.
    c["errored"] = plan_document([Table("partial")], errored=True)

    # Global tables: replica blocks and aws_dynamodb_table_replica resources.
    flag = ("ref", ["aws_ssm_parameter.flag.value", "aws_ssm_parameter.flag"])
    c["replicas"] = plan_document([
        ssm_parameter(),
        Table("global_ok", pitr=("const", True), replicas=[("eu-west-2", True), ("us-east-1", True)]),
        Table("global_partial", pitr=("const", True),
              replicas=[("eu-west-2", True), ("us-east-1", "omitted")]),
        Table("global_unknown", pitr=("const", True), replicas=[("eu-west-2", flag)]),
        Table("single_region", pitr=("const", True)),
        TableReplica("replica_on", pitr=True),
        TableReplica("replica_off"),
    ])

    # Encryption at rest: AWS owned, AWS managed, customer managed, unknown key.
    kms = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    managed = "arn:aws:kms:eu-west-1:123456789012:alias/aws/dynamodb"
    c["encryption"] = plan_document([
        Table("aws_owned", pitr=("const", True)),
        Table("aws_managed", pitr=("const", True), sse="aws-managed"),
        Table("aws_managed_alias", pitr=("const", True), sse=("kms", managed)),
        Table("customer_key", pitr=("const", True), sse=("kms", kms)),
        Table("customer_key_unknown", pitr=("const", True),
              sse=("ref", ["aws_kms_key.tables.arn", "aws_kms_key.tables"])),
    ])

    # Markup in everything a plan lets a user write: for_each keys (in a resource's
    # address and a module's) and attribute values. A report shows each as text.
    c["markup-in-strings"] = plan_document([
        Table("x", index="<img src=x onerror=alert(1)>"),
        Table("x", index="</code><script>alert(2)</script>&amp;", pitr=("const", True),
              sse=("kms", "\"><svg onload=alert(3)>")),
        Table("t", modules=[("m", "<iframe src=javascript:alert(4)>")], pitr=("const", True)),
    ])
    return c


def mark_unknown_pitr(doc, address, sensitive):
    """`address`'s point_in_time_recovery[0].enabled is known only after apply, as
    Terraform plans a value that comes from another resource created in the same
    apply (through module inputs or an output); `sensitive`: that value is, and
    Terraform marks what is made from it sensitive too."""
    for rc in doc["resource_changes"]:
        if rc["address"] == address:
            rc["change"]["after"]["point_in_time_recovery"] = [{}]
            rc["change"]["after_unknown"]["point_in_time_recovery"] = [
                {"enabled": True, "recovery_period_in_days": True}]
            if sensitive:
                rc["change"]["after_sensitive"]["point_in_time_recovery"] = [{"enabled": True}]

    def walk(module):
        for r in module.get("resources", []):
            if r["address"] == address:
                r["values"]["point_in_time_recovery"] = [{}]
                if sensitive:
                    r["sensitive_values"]["point_in_time_recovery"] = [{"enabled": True}]
        for child in module.get("child_modules", []):
            walk(child)
    walk(doc["planned_values"]["root_module"])


def pitr_through_modules():
    """PITR flags that come from an aws_ssm_parameter created in the same apply, each
    by another road: through two module inputs (var.pitr of module.app.module.store,
    set from var.pitr of module.app, set from the parameter's value), through a
    module's output, and through for_each's each.value. The parameter's value is
    sensitive, and so is what is made of it; its version is not."""
    deep = Table("t", modules=[("app", None), ("store", None)], index="a", pitr=("var", "pitr", None))
    from_output = Table("from_output", pitr=("ref", ["module.flags.pitr", "module.flags"]))
    from_each = Table("from_each", index="x", pitr=("ref", ["each.value"]))
    items = by_address([ssm_parameter(), ssm_parameter(modules=[("flags", None)]), deep, from_output, from_each])
    flag = {"references": ["aws_ssm_parameter.flag.value", "aws_ssm_parameter.flag"]}
    inputs = {
        "app": {"expressions": {"pitr": flag}, "variables": {"pitr": {}}},
        "app.store": {"expressions": {"pitr": {"references": ["var.pitr"]}},
                      "variables": {"pitr": {}, "tables": {"default": ["a"]}}},
        "flags": {"outputs": {"pitr": {"sensitive": True, "expression": flag}}},
    }
    doc = plan_document(items, module_inputs=inputs)
    mark_unknown_pitr(doc, deep.address, sensitive=True)
    mark_unknown_pitr(doc, from_output.address, sensitive=True)
    mark_unknown_pitr(doc, from_each.address, sensitive=False)
    for r in doc["configuration"]["root_module"]["resources"]:
        if r["address"] == "aws_dynamodb_table.from_each":
            r["for_each_expression"] = {"references": [
                "aws_ssm_parameter.flag.version", "aws_ssm_parameter.flag"]}
    return doc


# ---------------------------------------------------------------- data-loss cases (issue 12)

def guarded(name, action, pitr_on, **kw):
    """A table for the data-protection cases: `pitr_on` is PITR in state, read back
    the way the provider writes it (pitr_state)."""
    kw.setdefault("before_pitr", pitr_state(pitr_on))
    return Table(name, action=action, prior=pitr_on, **kw)


def by_address(items):
    """resource_changes order as Terraform writes it: by address, the current
    object before its deposed ones."""
    def key(it):
        rc = it.resource_change()
        return rc["address"], rc.get("deposed", "")
    return sorted(items, key=key)


NEW_KEY = {"attribute": [{"name": "id", "type": "S"}], "hash_key": "id"}  # forces replacement
TAGS_CHANGED = {"tags": {"team": "payments", "tier": "gold"},
                "tags_all": {"team": "payments", "tier": "gold"}}
FLAG_REFS = ["aws_ssm_parameter.flag.value", "aws_ssm_parameter.flag"]
ON, OFF = ("const", True), ("const", False)


def drift_entry(t, before_pitr, after_pitr):
    """A resource_drift entry: `t`'s state before refresh, with PITR `before_pitr`,
    and what refresh found, with PITR `after_pitr` (None: the table is gone)."""
    rc = t.resource_change()
    then = Table(t.name, action="no-op", modules=t.modules, index=t.index,
                 table_name=t.before_table_name, before_pitr=before_pitr,
                 protection=t.protection, before_set=t.before_set)
    before = then.before_values()
    after = None if after_pitr is None else dict(before, point_in_time_recovery=after_pitr)
    entry = {k: rc[k] for k in ("address", "previous_address", "module_address", "mode",
                                "type", "name", "index", "provider_name") if k in rc}
    entry["change"] = {"actions": ["delete"] if after is None else ["update"],
                       "before": before, "after": after, "after_unknown": {},
                       "before_sensitive": sensitive_mirror(before),
                       "after_sensitive": False if after is None else sensitive_mirror(after)}
    return entry


def set_config_expression(doc, call_path, address, attribute, expression):
    """Sets one expression of a resource inside module call `call_path` (names)."""
    module = doc["configuration"]["root_module"]
    for name in call_path:
        module = module["module_calls"][name]["module"]
    for r in module["resources"]:
        if r["address"] == address:
            r["expressions"][attribute] = expression


def data_loss_actions():
    """Every action kind on a table, crossed with PITR and deletion protection in
    state; a deposed object beside its current one; a moved and an imported table."""
    return plan_document(by_address([
        Table("created_pitr_on", pitr=ON),
        Table("created_pitr_omitted"),
        Table("created_protected", pitr=ON, protection=True),
        guarded("updated_pitr_on", "update", True, pitr=ON, after_set=TAGS_CHANGED),
        guarded("updated_pitr_off", "update", False, after_set=TAGS_CHANGED),
        guarded("updated_unprotect", "update", True, pitr=ON, protection=True,
                after_protection=False),
        guarded("updated_unprotect_pitr_off", "update", False, protection=True,
                after_protection=False),
        guarded("unchanged_pitr_on", "no-op", True, pitr=ON),
        guarded("unchanged_pitr_off", "no-op", False, pitr=OFF),
        guarded("unchanged_protected", "no-op", True, pitr=ON, protection=True),
        guarded("deleted_pitr_on", "delete", True),
        guarded("deleted_pitr_off", "delete", False),
        guarded("deleted_protected_pitr_on", "delete", True, protection=True),
        guarded("deleted_protected_pitr_off", "delete", False, protection=True),
    ] + [
        # Both replace orders; the protected one has PITR on in state for one order
        # and off for the other.
        guarded(prefix + suffix, action, pitr_on, after_set=NEW_KEY,
                replace_paths=[["hash_key"]], **kw)
        for prefix, action in (("replaced", "replace"), ("replaced_cbd", "replace-cbd"))
        for suffix, pitr_on, kw in (("_pitr_on", True, {"pitr": ON}), ("_pitr_off", False, {}),
                                    ("_protected", action == "replace",
                                     {"pitr": ON, "protection": True}))
    ] + [
        # `removed { lifecycle { destroy = false } }`: no configuration is left, so
        # Terraform gives the delete reason it gives any orphan.
        guarded("forgotten_pitr_on", "forget", True,
                reason="delete_because_no_resource_config"),
        guarded("forgotten_pitr_off", "forget", False,
                reason="delete_because_no_resource_config"),
        guarded("forgotten_protected", "forget", True, protection=True,
                reason="delete_because_no_resource_config"),
        # `lifecycle { destroy = false }` on a table that must be replaced.
        guarded("reforged_pitr_on", "create-forget", True, pitr=ON, after_set=NEW_KEY,
                replace_paths=[["hash_key"]], reason="replace_because_cannot_update"),
        guarded("reforged_pitr_off", "create-forget", False, after_set=NEW_KEY,
                replace_paths=[["hash_key"]], reason="replace_because_cannot_update"),
        # A create_before_destroy replace whose destroy failed: the new table is
        # current, the old one (its former name) is deposed and deleted now.
        guarded("rebuilt", "no-op", True, pitr=ON),
        guarded("rebuilt", "delete", True, deposed="5e1b2c3d", before_table_name="rebuilt-v1",
                reason=None),
        guarded("rebuilt_off", "no-op", False, pitr=OFF),
        guarded("rebuilt_off", "delete", False, deposed="0c9d8e7f",
                before_table_name="rebuilt-off-v1", reason=None),
        guarded("ledger_archive", "no-op", False, pitr=OFF, table_name="archive",
                previous_address="aws_dynamodb_table.archive"),
        guarded("invoices", "update", True, pitr=ON, index="eu", table_name="invoices",
                previous_address="aws_dynamodb_table.invoices", after_set=TAGS_CHANGED),
        guarded("imported", "no-op", True, pitr=ON, importing={"id": "imported"}),
        guarded("imported_pitr_off", "update", True, pitr=OFF,
                importing={"id": "imported-pitr-off"}),
    ]))


def data_loss_pitr_changes():
    """Updates that lose restore history, and the ones that do not."""
    return plan_document(by_address([
        ssm_parameter(),
        guarded("pitr_switched_off", "update", True, pitr=OFF),
        guarded("pitr_switched_on", "update", False, pitr=ON),
        guarded("window_shrunk", "update", True, pitr=ON, period=7),
        guarded("window_grown", "update", True, pitr=ON, period=35,
                before_pitr=pitr_state(True, 7)),
        guarded("pitr_unknown", "update", True, pitr=("ref", FLAG_REFS)),
        guarded("pitr_kept_on", "update", True, pitr=ON, after_set=TAGS_CHANGED),
    ]))


def data_loss_replace():
    """Replacements: which path forces them (a top-level attribute, a list element,
    a whole set) and every replace reason, including one Terraform may add later."""
    two_attributes = [{"name": "pk", "type": "S"}, {"name": "sk", "type": "S"}]
    renamed = {"attribute": [{"name": "pk", "type": "S"}, {"name": "sort", "type": "S"}]}
    lsi = {"attribute": two_attributes + [{"name": "created", "type": "S"}],
           "range_key": "sk",
           "local_secondary_index": [{"name": "by_created", "non_key_attributes": [],
                                      "projection_type": "ALL", "range_key": "created"}]}
    return plan_document(by_address([
        guarded("replace_hash_key", "replace", True, pitr=ON, after_set=NEW_KEY,
                replace_paths=[["hash_key"]]),
        guarded("replace_hash_key_cbd", "replace-cbd", True, pitr=ON, after_set=NEW_KEY,
                replace_paths=[["hash_key"]]),
        guarded("replace_attribute", "replace", True, pitr=ON,
                before_set={"attribute": two_attributes}, after_set=renamed,
                replace_paths=[["attribute", 1, "name"]]),
        guarded("replace_attribute_cbd", "replace-cbd", False,
                before_set={"attribute": two_attributes}, after_set=renamed,
                replace_paths=[["attribute", 1, "name"]]),
        guarded("replace_lsi", "replace", True, pitr=ON,
                before_set={"attribute": two_attributes, "range_key": "sk"}, after_set=lsi,
                replace_paths=[["local_secondary_index"]]),
        guarded("tainted", "replace", True, pitr=ON, tainted=True,
                reason="replace_because_tainted", replace_paths=None),
        guarded("tainted_cbd", "replace-cbd", False, tainted=True,
                reason="replace_because_tainted", replace_paths=None),
        guarded("by_request", "replace", True, pitr=ON, reason="replace_by_request",
                replace_paths=None),
        guarded("by_triggers", "replace", False, reason="replace_by_triggers",
                replace_paths=None),
        guarded("shiny", "replace", True, pitr=ON, reason="replace_because_shiny_new_reason",
                replace_paths=None),
    ]))


def data_loss_reasons():
    """Every delete reason Terraform gives outside modules, and one it may add later."""
    return plan_document(by_address([
        guarded("legacy", "delete", True),
        guarded("shard", "no-op", True, pitr=ON, index=0, table_name="shard-0"),
        guarded("shard", "no-op", True, pitr=ON, index=1, table_name="shard-1"),
        guarded("shard", "delete", False, index=2, table_name="shard-2",
                reason="delete_because_count_index"),
        guarded("tenant", "no-op", True, pitr=ON, index="globex", table_name="tenant-globex"),
        guarded("tenant", "delete", True, index="acme.corp", table_name="tenant-acme-corp",
                protection=True, reason="delete_because_each_key"),
        guarded("sessions", "create", False, pitr=ON, index="eu", table_name="sessions-eu"),
        guarded("sessions", "delete", True, reason="delete_because_wrong_repetition"),
        # moved { from = aws_dynamodb_table.archive  to = aws_dynamodb_table.archive_v2 }
        # with no archive_v2 in the configuration.
        guarded("archive_v2", "delete", True, table_name="archive",
                previous_address="aws_dynamodb_table.archive",
                reason="delete_because_no_move_target"),
        guarded("shiny", "delete", False, reason="delete_because_shiny_new_reason"),
    ]))


def data_loss_drift():
    """PITR switched off outside Terraform (resource_drift), put back on or left off;
    a drifted table that was moved; a table deleted outside Terraform."""
    on, off = pitr_state(True), pitr_state(False)
    restored = guarded("drift_restored", "update", False, pitr=ON)
    kept_off = guarded("drift_kept_off", "update", False, after_set=TAGS_CHANGED)
    accepted = guarded("drift_accepted", "no-op", False, pitr=OFF)
    moved = guarded("drift_moved", "update", False, pitr=ON,
                    previous_address="aws_dynamodb_table.drift_old")
    vanished = Table("drift_vanished", pitr=ON)  # refresh found it gone: created again
    drift = [drift_entry(accepted, on, off), drift_entry(kept_off, on, off),
             drift_entry(moved, on, off), drift_entry(restored, on, off),
             drift_entry(vanished, on, None)]
    return plan_document([accepted, kept_off, moved, restored, vanished], drift=drift)


def data_loss_modules():
    """Tables in module instances whose keys hold dots, quotes and backslashes,
    deleted and replaced."""
    svc = lambda key: [("svc", key)]
    tables = lambda key: [("platform", None), ("tables", key)]
    # PITR comes from a module input, so instances of one configuration differ.
    on, off = ("var", "pitr", True), ("var", "pitr", False)
    items = by_address([
        guarded("this", "replace", True, pitr=on, modules=svc("orders.v2"),
                table_name="orders-v2-2026", before_table_name="orders-v2"),
        guarded("this", "replace-cbd", False, pitr=off, modules=svc('say "hi"'),
                table_name="say-hi-2026", before_table_name="say-hi"),
        guarded("this", "delete", True, modules=svc("orders.v1"), table_name="orders-v1",
                protection=True, reason="delete_because_no_module"),
        guarded("this", "no-op", True, pitr=on, modules=svc("café"), table_name="cafe"),
        guarded("shard", "no-op", False, pitr=off, modules=svc('say "hi"'), index=0,
                table_name="say-hi-shard-0"),
        guarded("shard", "delete", False, modules=svc('say "hi"'), index=1,
                table_name="say-hi-shard-1", reason="delete_because_count_index"),
        guarded("t", "no-op", True, pitr=on, modules=tables("a.b"), index="z",
                table_name="ab-z"),
        guarded("t", "delete", True, modules=tables("a.b"), index='x "y"',
                table_name="ab-x-y", reason="delete_because_each_key"),
        guarded("t", "delete", False, modules=tables("c\\d"), index="k", table_name="cd-k",
                reason="delete_because_no_module"),
    ])
    inputs = {
        "svc": {"expressions": {"name": {"references": ["each.value.name", "each.value"]},
                                "pitr": {"references": ["each.value.pitr", "each.value"]}},
                "for_each_expression": {"references": ["local.services"]},
                "variables": {"name": {}, "pitr": {}}},
        "platform": {"expressions": {}},
        "platform.tables": {"expressions": {"pitr": {"constant_value": True}},
                            "for_each_expression": {"references": ["local.table_sets"]},
                            "variables": {"pitr": {}}},
    }
    doc = plan_document(items, module_inputs=inputs)
    set_config_expression(doc, ["svc"], "aws_dynamodb_table.this", "name",
                          {"references": ["var.name"]})
    set_config_expression(doc, ["svc"], "aws_dynamodb_table.shard", "name", {})
    set_config_expression(doc, ["platform", "tables"], "aws_dynamodb_table.t", "name", {})
    return doc


def data_loss_sensitive():
    """Deleted and replaced tables whose names are sensitive: a leak test searches
    every output for the SECRET strings."""
    return plan_document(by_address([
        guarded("ledger", "delete", False, table_name="ledger-9q2w-SECRETNAME",
                sensitive=("name",)),
        guarded("keyring", "delete", True, table_name="keyring-5t6y-SECRETNAME",
                sensitive=("name", "point_in_time_recovery")),
        guarded("vault", "replace", True, pitr=ON, table_name="vault-3x7k-SECRETNEW",
                before_table_name="vault-3x7k-SECRETOLD", sensitive=("name",)),
    ]), variables={"table_name": "vault-3x7k-SECRETNEW"},
        config_variables={"table_name": {"sensitive": True}})


def data_loss_replicas():
    """Replicas going away: aws_dynamodb_table_replica deleted, and replica blocks
    removed from a table (DynamoDB deletes that region's copy)."""
    streams = {"stream_enabled": True, "stream_view_type": "NEW_AND_OLD_IMAGES"}

    def global_table(name, action, before, after):
        state = dict(streams, stream_arn="arn:aws:dynamodb:eu-west-1:123456789012:table/%s"
                     "/stream/%s" % (name.replace("_", "-"), STREAM_LABEL),
                     stream_label=STREAM_LABEL)
        return guarded(name, action, True, pitr=ON, before_replicas=before, replicas=after,
                       before_set=state, after_set=streams)
    return plan_document(by_address([
        global_table("global_dropped", "update", [("us-east-1", True)], []),
        global_table("global_kept", "no-op", [("eu-west-2", True), ("us-east-1", False)],
                     [("eu-west-2", True), ("us-east-1", False)]),
        global_table("global_shrunk", "update", [("eu-west-2", True), ("us-east-1", False)],
                     [("eu-west-2", True)]),
        TableReplica("orders_eu_west_2", pitr=True, action="delete", region="eu-west-2"),
        TableReplica("orders_us_east_1", pitr=False, action="delete", region="us-east-1"),
    ]))


def data_loss_cases():
    return {
        "data-loss-actions": data_loss_actions(),
        "data-loss-pitr-changes": data_loss_pitr_changes(),
        "data-loss-replace": data_loss_replace(),
        "data-loss-reasons": data_loss_reasons(),
        "data-loss-drift": data_loss_drift(),
        "data-loss-modules": data_loss_modules(),
        "data-loss-sensitive": data_loss_sensitive(),
        "data-loss-replicas": data_loss_replicas(),
    }


def source_map_case():
    """fixtures/source-map: a plan whose .tf sources are written beside it (by hand),
    for --source-dir: a root module, a local module (for_each), a registry module
    (.terraform/modules/modules.json), a module outside the folder, count, and a
    .tf.json file."""
    items = [
        Table("orders", pitr=("const", False)),
        Table("scratch", index=0), Table("scratch", index=1),
        Table("events", pitr=("const", False)),
        Table("this", modules=[("store", "a")]), Table("this", modules=[("store", "b")]),
        Table("this", modules=[("cache", None)], pitr=("var", "pitr", False)),
        Table("legacy", modules=[("shared", None)]),
    ]
    inputs = {
        "store": {"for_each_expression": {"constant_value": ["a", "b"]}},
        "cache": {"expressions": {"pitr": {"constant_value": False}}, "variables": {"pitr": {}}},
        "shared": {"expressions": {}},
    }
    doc = plan_document(items, module_inputs=inputs)
    calls = doc["configuration"]["root_module"]["module_calls"]
    calls["cache"]["source"] = "terraform-aws-modules/dynamodb-table/aws"
    calls["cache"]["version_constraint"] = "4.0.0"
    calls["shared"]["source"] = "../outside"
    return doc


def relation_cases():
    return {
        "source-map": source_map_case(),
        "backup-coverage": backup_coverage(),
        "backup-modules": backup_modules(),
        "backup-unknown": backup_unknown(),
        "backup-sensitive": backup_sensitive(),
        "kms-keys": kms_keys(),
    }


# ---------------------------------------------------------------- related resources
#
# AWS Backup selections, S3 versioning and KMS keys: the resources other than tables
# that the relation policies read, in the shapes of the AWS provider v5 schemas.

ACCOUNT_ARN = "arn:aws:dynamodb:eu-west-1:123456789012:table/"
BACKUP_ROLE = "arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole"


class Resource:
    """Any managed resource instance: `values` as configured and known, `unknown`
    the top-level attributes known only after apply (after_unknown: true, left out
    of after), `expressions` its configuration block's. A create when `before` is
    None; otherwise `action` (update, no-op, delete) with `before` as in state."""

    def __init__(self, rtype, name, values, expressions, unknown=(), action="create",
                 before=None, modules=(), index=None, for_each=None, reason=None):
        self.type, self.name, self.values, self.expressions = rtype, name, values, expressions
        self.unknown, self.action, self.before = list(unknown), action, before
        self.modules, self.index, self.for_each, self.reason = list(modules), index, for_each, reason

    @property
    def address(self):
        return resource_address(self.modules, self.type, self.name, self.index)

    def after(self):
        v = {k: copy.deepcopy(x) for k, x in self.values.items() if k not in self.unknown}
        return dict(sorted(v.items()))

    def after_unknown(self):
        u = known_mirror(self.after())
        for k in self.unknown:
            u[k] = True
        return dict(sorted(u.items()))

    def resource_change(self):
        rc = {"address": self.address}
        if self.modules:
            rc["module_address"] = module_address(self.modules)
        rc.update({"mode": "managed", "type": self.type, "name": self.name})
        if self.index is not None:
            rc["index"] = self.index
        rc["provider_name"] = AWS
        gone = self.action == "delete"
        after = None if gone else self.after()
        rc["change"] = {
            "actions": [self.action],
            "before": self.before,
            "after": after,
            "after_unknown": {} if gone else self.after_unknown(),
            "before_sensitive": False if self.before is None else sensitive_mirror(self.before),
            "after_sensitive": False if gone else sensitive_mirror(after),
        }
        if self.reason:
            rc["action_reason"] = self.reason
        return rc

    def _entry(self, values):
        e = {"address": self.address, "mode": "managed", "type": self.type, "name": self.name}
        if self.index is not None:
            e["index"] = self.index
        e.update({"provider_name": AWS, "schema_version": 0, "values": values,
                  "sensitive_values": sensitive_mirror(values)})
        return e

    def planned_value(self):
        return None if self.action == "delete" else self._entry(self.after())

    def prior_value(self):
        return None if self.before is None else self._entry(self.before)

    def config_resource(self):
        if self.action == "delete":
            return None
        r = {"address": self.type + "." + self.name, "mode": "managed", "type": self.type,
             "name": self.name, "provider_config_key": "aws",
             "expressions": dict(sorted(self.expressions.items())), "schema_version": 0}
        if self.for_each is not None:
            r["for_each_expression"] = self.for_each
        return r


def refs(*traversals):
    """A `references` expression: each traversal and its shorter prefixes, as
    Terraform lists them (aws_x.y[0].arn → aws_x.y[0].arn, aws_x.y[0], aws_x.y)."""
    out = []
    for t in traversals:
        parts, i = [], 0
        while i < len(t):  # split on dots and brackets, never inside quotes
            j = i
            while j < len(t) and t[j] not in ".[":
                j += 1
            if j < len(t) and t[j] == "[":
                j = t.index("]", t.index('"', j + 1) + 1 if t[j + 1] == '"' else j) + 1
            parts.append(t[:j])
            i = j + 1 if j < len(t) and t[j] == "." else j
        for p in reversed(parts[1:]):
            if p not in out:
                out.append(p)
    return {"references": out}


def const(value):
    return {"constant_value": value}


def backup_plan(name, action="create", modules=()):
    values = {"advanced_backup_setting": [], "name": name.replace("_", "-"),
              "rule": [{"completion_window": 180, "copy_action": [], "enable_continuous_backup": False,
                        "lifecycle": [{"cold_storage_after": 0, "delete_after": 35,
                                      "opt_in_to_archive_for_supported_resources": False}],
                        "recovery_point_tags": {}, "rule_name": "daily", "schedule": "cron(0 5 * * ? *)",
                        "schedule_expression_timezone": "Etc/UTC", "start_window": 60,
                        "target_vault_name": "Default"}],
              "tags": None, "tags_all": {}}
    expressions = {"name": const(values["name"]),
                   "rule": [{"rule_name": const("daily"), "schedule": const("cron(0 5 * * ? *)"),
                             "target_vault_name": const("Default"),
                             "lifecycle": [{"delete_after": const(35)}]}]}
    if action == "create":
        return Resource("aws_backup_plan", name, values, expressions,
                        unknown=("arn", "id", "version"), modules=modules)
    before = dict(values, arn="arn:aws:backup:eu-west-1:123456789012:backup-plan:" + name,
                  id="0b6c9f1e-" + name, version="NjQ4ZjA1")
    return Resource("aws_backup_plan", name, dict(before), expressions, action=action,
                    before=dict(sorted(before.items())), modules=modules)


def backup_selection(name, plan, resources=None, not_resources=None, tags=(), conditions=None,
                     action="create", modules=(), index=None, for_each=None):
    """plan: ("known", id) | ("ref", expression). resources / not_resources: a list of
    known strings, or ("ref", expression) (known only after apply). tags: selection_tag
    (key, value) pairs. conditions: {"string_equals": [(key, value)], ...}."""
    values = {"condition": [], "iam_role_arn": BACKUP_ROLE, "name": name.replace("_", "-"),
              "not_resources": [], "resources": [], "selection_tag": []}
    expressions = {"iam_role_arn": const(BACKUP_ROLE), "name": const(values["name"])}
    unknown = ["id"]
    if plan[0] == "known":
        values["plan_id"] = plan[1]
        expressions["plan_id"] = const(plan[1])
    else:
        unknown.append("plan_id")
        expressions["plan_id"] = plan[1]
    for attr, given in (("resources", resources), ("not_resources", not_resources)):
        if given is None:
            continue
        if isinstance(given, tuple):
            unknown.append(attr)
            expressions[attr] = given[1]
        else:
            values[attr] = list(given)
            expressions[attr] = const(list(given))
    if tags:
        values["selection_tag"] = [{"key": k, "type": "STRINGEQUALS", "value": v} for k, v in tags]
        expressions["selection_tag"] = [{"key": const(k), "type": const("STRINGEQUALS"), "value": const(v)}
                                        for k, v in tags]
    if conditions is not None:
        ops = ("string_equals", "string_like", "string_not_equals", "string_not_like")
        values["condition"] = [{op: [{"key": k, "value": v} for k, v in conditions.get(op, [])]
                                for op in ops}]
        expressions["condition"] = [{op: [{"key": const(k), "value": const(v)} for k, v in conditions[op]]
                                     for op in ops if op in conditions}]
    if action == "create":
        return Resource("aws_backup_selection", name, values, expressions, unknown=unknown,
                        modules=modules, index=index, for_each=for_each)
    before = dict(values, id="selection-" + name.replace("_", "-"))
    if plan[0] != "known":
        before["plan_id"] = "0b6c9f1e-daily"
    return Resource("aws_backup_selection", name, dict(before), expressions, action=action,
                    before=dict(sorted(before.items())), modules=modules, index=index, for_each=for_each,
                    reason="delete_because_no_resource_config" if action == "delete" else None)


def existing_table(name, table_name=None, tags=None, **kw):
    """A table in state that the plan leaves as it is; `tags`: its tags (and tags_all)."""
    tn = table_name or name.replace("_", "-")
    if tags is not None:
        kw["before_set"] = dict(kw.get("before_set", {}), tags=tags, tags_all=tags)
        kw["after_set"] = dict(kw.get("after_set", {}), tags=tags, tags_all=tags)
    return guarded(name, "no-op", True, pitr=ON, table_name=tn, **kw)


def backup_coverage():
    """Each way AWS Backup covers a table, and each way it does not: in the root module."""
    daily = ("known", "0b6c9f1e-daily")
    items = [
        backup_plan("daily", action="no-op"),
        backup_plan("fresh"),
        # Created with the selection that covers it: the ARN is unknown, the reference is not.
        Table("orders", pitr=ON),
        backup_selection("new_tables", ("ref", refs("aws_backup_plan.fresh.id")),
                         resources=("ref", refs("aws_dynamodb_table.orders.arn"))),
        # Existing tables by ARN, by wildcard, by tag, by condition.
        existing_table("invoices"),
        backup_selection("by_arn", daily, resources=[ACCOUNT_ARN + "invoices"], action="no-op"),
        existing_table("ledger", table_name="ledger-2026"),
        existing_table("ledger_scratch", table_name="ledger-scratch"),
        backup_selection("ledgers", daily, resources=["arn:aws:dynamodb:*:*:table/ledger-*"],
                         not_resources=["arn:aws:dynamodb:*:*:table/ledger-scratch"], action="no-op"),
        existing_table("sessions", tags={"backup": "daily", "team": "payments"}),
        backup_selection("by_tag", daily, tags=[("backup", "daily")], action="no-op"),
        existing_table("carts", tags={"team": "payments", "tier": "gold"}),
        existing_table("baskets", tags={"team": "payments", "tier": "silver"}),
        backup_selection("gold_tier", daily, resources=["arn:aws:dynamodb:*:*:table/*"],
                         conditions={"string_equals": [("aws:ResourceTag/tier", "gold")]}, action="no-op"),
        # The selection that covered it is being deleted; one with no backup plan.
        existing_table("archive"),
        backup_selection("retired", daily, resources=[ACCOUNT_ARN + "archive"], action="delete"),
        # Its backup plan comes from a parameter known only after apply.
        existing_table("metrics"),
        Resource("aws_ssm_parameter", "backup_plan",
                 {"data_type": "text", "name": "/backup/plan-id", "tier": "Standard", "type": "String"},
                 {"name": const("/backup/plan-id"), "type": const("String"), "value": refs("random_id.plan.hex")},
                 unknown=("arn", "id", "tags_all", "value", "version")),
        backup_selection("unattached", ("ref", refs("aws_ssm_parameter.backup_plan.value")),
                         resources=[ACCOUNT_ARN + "metrics"]),
        # Nothing selects it.
        existing_table("scratch"),
    ]
    return plan_document(by_address(items))


def backup_unknown():
    """What the plan cannot tell: a selection's resources from a parameter known only
    after apply, a table's tags known only after apply, a selector's tag value known
    only after apply, and a new table's ARN beside selections of known ARNs."""
    daily = ("known", "0b6c9f1e-daily")
    parameter = Resource("aws_ssm_parameter", "table_arns",
                         {"data_type": "text", "name": "/backup/table-arns", "tier": "Standard", "type": "StringList"},
                         {"name": const("/backup/table-arns"), "type": const("StringList"),
                          "value": refs("random_id.tables.hex")},
                         unknown=("arn", "id", "tags_all", "value", "version"))
    tagged = guarded("tagged_later", "update", True, pitr=ON)
    doc = plan_document(by_address([
        parameter,
        existing_table("drafts"),
        existing_table("notes"),
        backup_selection("from_parameter", daily, resources=("ref", refs("aws_ssm_parameter.table_arns.value")),
                         action="create"),
        tagged,
        backup_selection("by_owner", daily, tags=[("owner", "ledger-team")], action="no-op"),
        Table("fresh", pitr=ON),
        backup_selection("by_arn", daily, resources=[ACCOUNT_ARN + "drafts"], action="no-op"),
    ]))
    # tagged_later's owner tag comes from a parameter known only after apply.
    for rc in doc["resource_changes"]:
        if rc["address"] == tagged.address:
            rc["change"]["after_unknown"]["tags"] = {"owner": True}
            rc["change"]["after_unknown"]["tags_all"] = True
            del rc["change"]["after"]["tags_all"]
    for r in doc["planned_values"]["root_module"]["resources"]:
        if r["address"] == tagged.address:
            del r["values"]["tags_all"]
    for r in doc["configuration"]["root_module"]["resources"]:
        if r["address"] == tagged.address:
            r["expressions"]["tags"] = refs("aws_ssm_parameter.table_arns.value")
    return doc


def backup_sensitive():
    """Selections whose patterns and tags are sensitive, a table whose tags are: the
    leak test searches every output for the SECRET strings."""
    daily = ("known", "0b6c9f1e-daily")
    hidden_pattern = "arn:aws:dynamodb:*:*:table/vault-SECRETPATTERN*"
    hidden_exclusion = "arn:aws:dynamodb:*:*:table/loose-SECRETEXCLUDE"
    secret_tags = {"SECRETKEY-owner": "SECRETVALUE-ledger"}
    doc = plan_document(by_address([
        existing_table("vault", table_name="vault-SECRETPATTERN-1"),
        backup_selection("hidden_pattern", daily, resources=["placeholder"], action="no-op"),
        existing_table("keyring"),
        backup_selection("hidden_tag", daily, tags=[("placeholder", "placeholder")], action="no-op"),
        existing_table("loose", table_name="loose-SECRETEXCLUDE"),
        backup_selection("hidden_exclusion", daily, resources=["arn:aws:dynamodb:*:*:table/loose*"],
                         not_resources=["placeholder"], action="no-op"),
    ]))
    mark_sensitive_parts(doc, "aws_backup_selection.hidden_pattern", "resources", [hidden_pattern], [True])
    mark_sensitive_parts(doc, "aws_backup_selection.hidden_tag", "selection_tag",
                         [{"key": "SECRETKEY-owner", "type": "STRINGEQUALS", "value": "SECRETVALUE-ledger"}],
                         [{"key": True, "value": True}])
    mark_sensitive_parts(doc, "aws_backup_selection.hidden_exclusion", "not_resources", [hidden_exclusion], [True])
    mark_sensitive_parts(doc, "aws_dynamodb_table.keyring", "tags", secret_tags, True)
    # The configuration says the same, from sensitive variables.
    for r in doc["configuration"]["root_module"]["resources"]:
        if r["address"] == "aws_backup_selection.hidden_pattern":
            r["expressions"]["resources"] = refs("var.hidden_pattern")
        elif r["address"] == "aws_backup_selection.hidden_tag":
            r["expressions"]["selection_tag"] = [{"key": refs("var.owner_key"), "type": const("STRINGEQUALS"),
                                                  "value": refs("var.owner")}]
        elif r["address"] == "aws_backup_selection.hidden_exclusion":
            r["expressions"]["not_resources"] = refs("var.hidden_exclusion")
        elif r["address"] == "aws_dynamodb_table.keyring":
            r["expressions"]["tags"] = refs("var.owner_tags")
    return doc


def backup_modules():
    """Coverage across modules, count and for_each: a selection in a module given the
    ARNs through an input, a table reached through a module output, a for expression
    over every instance, one instance named alone, each.value, and module instances
    whose selections cover only their own table."""
    fresh_plan = ("ref", refs("aws_backup_plan.daily.id"))
    items = [backup_plan("daily")]
    items += [Table("events", index=k, pitr=ON) for k in ("a", "b")]
    items += [backup_selection("this", ("ref", refs("var.plan_id")),
                               resources=("ref", refs("var.table_arns")), modules=[("backup", None)])]
    items += [Table("audit", index=k, pitr=ON) for k in ("x", "y")]
    items += [backup_selection("audit_x", fresh_plan, resources=("ref", refs('aws_dynamodb_table.audit["x"].arn')))]
    items += [Table("this", modules=[("store", None)], pitr=ON),
              backup_selection("store", fresh_plan, resources=("ref", refs("module.store.table_arn")))]
    for team in ("blue", "red"):
        items.append(Table("this", modules=[("team", team)], pitr=ON))
        if team == "red":  # blue's selection is switched off
            items.append(backup_selection("own", fresh_plan, resources=("ref", refs("aws_dynamodb_table.this.arn")),
                                          modules=[("team", team)]))
    items += [Table("reports", index=k, pitr=ON) for k in ("q1", "q2")]
    items += [backup_selection("per_table", fresh_plan, resources=("ref", refs("each.value.arn")),
                               index=k, for_each=refs("aws_dynamodb_table.reports")) for k in ("q1", "q2")]
    inputs = {
        "backup": {"expressions": {"plan_id": refs("aws_backup_plan.daily.id"),
                                   # [for t in aws_dynamodb_table.events : t.arn]
                                   "table_arns": {"references": ["aws_dynamodb_table.events"]}},
                   "variables": {"plan_id": {}, "table_arns": {}}},
        "store": {"expressions": {}},
        "team": {"expressions": {"plan_id": refs("aws_backup_plan.daily.id")},
                 "for_each_expression": {"references": ["local.teams"]},
                 "variables": {"plan_id": {}}},
    }
    doc = plan_document(by_address(items), module_inputs=inputs)
    calls = doc["configuration"]["root_module"]["module_calls"]
    calls["store"]["module"]["outputs"] = {"table_arn": {"expression": refs("aws_dynamodb_table.this.arn")}}
    for r in calls["team"]["module"]["resources"]:
        if r["type"] == "aws_backup_selection":
            r["expressions"]["plan_id"] = refs("var.plan_id")
            r["count_expression"] = refs("var.enabled")
    return doc


class DataSource:
    """A data source read while planning: its configuration block, and its values in
    prior_state (not in resource_changes)."""

    def __init__(self, rtype, name, expressions, values):
        self.type, self.name, self.expressions, self.values = rtype, name, expressions, values
        self.modules = []

    def resource_change(self):
        return None

    def planned_value(self):
        return None

    def prior_value(self):
        return {"address": "data.%s.%s" % (self.type, self.name), "mode": "data", "type": self.type,
                "name": self.name, "provider_name": AWS, "schema_version": 0,
                "values": self.values, "sensitive_values": sensitive_mirror(self.values)}

    def config_resource(self):
        return {"address": "data.%s.%s" % (self.type, self.name), "mode": "data", "type": self.type,
                "name": self.name, "provider_config_key": "aws", "expressions": self.expressions,
                "schema_version": 0}


def kms_keys():
    """Which keys are customer managed: one this configuration creates (its ARN
    unknown), the AWS managed key by alias ARN, and looked up through data sources."""
    managed_key = "arn:aws:kms:eu-west-1:123456789012:key/2f1c9a6e-aws-managed"
    team_key = "arn:aws:kms:eu-west-1:123456789012:key/8d3b0c41-team"
    key_values = {"bypass_policy_lockout_safety_check": False, "customer_master_key_spec": "SYMMETRIC_DEFAULT",
                  "deletion_window_in_days": 7, "description": "tables", "enable_key_rotation": True,
                  "is_enabled": True, "key_usage": "ENCRYPT_DECRYPT", "tags": None}
    items = [
        Resource("aws_kms_key", "tables", key_values,
                 {"description": const("tables"), "deletion_window_in_days": const(7),
                  "enable_key_rotation": const(True)},
                 unknown=("arn", "id", "key_id", "multi_region", "policy", "rotation_period_in_days", "tags_all")),
        Table("with_new_key", pitr=ON, sse=("ref", ["aws_kms_key.tables.arn", "aws_kms_key.tables"])),
        DataSource("aws_kms_alias", "dynamodb", {"name": const("alias/aws/dynamodb")},
                   {"arn": "arn:aws:kms:eu-west-1:123456789012:alias/aws/dynamodb", "id": "alias/aws/dynamodb",
                    "name": "alias/aws/dynamodb", "target_key_arn": managed_key, "target_key_id": "2f1c9a6e-aws-managed"}),
        DataSource("aws_kms_alias", "team", {"name": const("alias/team-tables")},
                   {"arn": "arn:aws:kms:eu-west-1:123456789012:alias/team-tables", "id": "alias/team-tables",
                    "name": "alias/team-tables", "target_key_arn": team_key, "target_key_id": "8d3b0c41-team"}),
        DataSource("aws_kms_key", "by_alias", {"key_id": const("alias/aws/dynamodb")},
                   {"arn": managed_key, "id": "2f1c9a6e-aws-managed", "key_id": "alias/aws/dynamodb",
                    "key_manager": "AWS"}),
        Table("via_aws_alias_lookup", pitr=ON, sse=("kms", managed_key)),
        Table("via_team_alias_lookup", pitr=ON, sse=("kms", team_key)),
        Table("via_aws_key_lookup", pitr=ON, sse=("kms", managed_key)),
    ]
    doc = plan_document(items)
    lookups = {"via_aws_alias_lookup": "data.aws_kms_alias.dynamodb.target_key_arn",
               "via_team_alias_lookup": "data.aws_kms_alias.team.target_key_arn",
               "via_aws_key_lookup": "data.aws_kms_key.by_alias.arn"}
    for r in doc["configuration"]["root_module"]["resources"]:
        if r["name"] in lookups:
            r["expressions"]["server_side_encryption"][0]["kms_key_arn"] = refs(lookups[r["name"]])
    return doc


def s3_bucket(name, action="create"):
    bucket = name.replace("_", "-") + "-2026"
    values = {"bucket": bucket, "force_destroy": False, "object_lock_enabled": False, "tags": None,
              "timeouts": None}
    computed = ("acceleration_status", "acl", "arn", "bucket_domain_name", "bucket_prefix",
                "bucket_regional_domain_name", "hosted_zone_id", "id", "policy", "region",
                "request_payer", "tags_all", "website_domain", "website_endpoint")
    expressions = {"bucket": const(bucket)}
    if action == "create":
        return Resource("aws_s3_bucket", name, values, expressions, unknown=computed)
    before = dict(values, arn="arn:aws:s3:::" + bucket, id=bucket, region="eu-west-1", tags_all={})
    return Resource("aws_s3_bucket", name, dict(before), expressions, action=action,
                    before=dict(sorted(before.items())))


def s3_versioning(name, bucket, status, action="create"):
    """bucket: a known name, or ("ref", expression)."""
    values = {"expected_bucket_owner": None, "mfa": None,
              "versioning_configuration": [{"mfa_delete": None, "status": status}]}
    expressions = {"versioning_configuration": [{"status": const(status)}]}
    unknown = ["id"]
    if isinstance(bucket, tuple):
        unknown.append("bucket")
        expressions["bucket"] = bucket[1]
    else:
        values["bucket"] = bucket
        expressions["bucket"] = const(bucket)
    if action == "create":
        return Resource("aws_s3_bucket_versioning", name, values, expressions, unknown=unknown)
    before = dict(values, id=values["bucket"])
    return Resource("aws_s3_bucket_versioning", name, dict(before), expressions, action=action,
                    before=dict(sorted(before.items())))


def example_plans():
    """The plans the README's example policies (policies/examples) are tested on."""
    s3 = plan_document(by_address([
        s3_bucket("logs"),
        s3_versioning("logs", ("ref", refs("aws_s3_bucket.logs.id")), "Enabled"),
        s3_bucket("uploads", action="no-op"),
        s3_versioning("uploads", "uploads-2026", "Enabled", action="no-op"),
        s3_bucket("assets", action="no-op"),
        s3_versioning("assets", "assets-2026", "Suspended", action="no-op"),
        s3_bucket("tmp"),
    ]))
    daily = ("known", "0b6c9f1e-daily")
    recoverable = plan_document(by_address([
        existing_table("pitr_on"),
        guarded("backed_up", "no-op", False, pitr=OFF, table_name="backed-up"),
        backup_selection("tables", daily, resources=[ACCOUNT_ARN + "backed-up"], action="no-op"),
        guarded("neither", "no-op", False, pitr=OFF),
        Table("created_covered"),
        backup_selection("new_tables", daily, resources=("ref", refs("aws_dynamodb_table.created_covered.arn"))),
    ]))
    return {"s3-versioning": s3, "recoverable": recoverable}


def state_case():
    """`terraform show -json` of a state: root and child modules, a deposed object,
    a data source, a table whose PITR block is an empty list."""
    def res(address, name, values, index=None, deposed_key=None, mode="managed"):
        r = {"address": address, "mode": mode, "type": "aws_dynamodb_table", "name": name}
        if index is not None:
            r["index"] = index
        r.update({"provider_name": AWS, "schema_version": 1, "values": values})
        if deposed_key:
            r["deposed_key"] = deposed_key
        r["sensitive_values"] = sensitive_mirror(values)
        return r

    def vals(name, pitr):
        return state_extras(table_values(name, pitr), name)

    on = [{"enabled": True, "recovery_period_in_days": 35}]
    off = [{"enabled": False, "recovery_period_in_days": 0}]
    return {
        "format_version": "1.0",
        "terraform_version": "1.9.8",
        "values": {"root_module": {
            "resources": [
                res("aws_dynamodb_table.protected", "protected", vals("protected", on)),
                res("aws_dynamodb_table.unprotected", "unprotected", vals("unprotected", off)),
                res("aws_dynamodb_table.unprotected", "unprotected", vals("unprotected", on),
                    deposed_key="00000001"),
                res("aws_dynamodb_table.empty_block", "empty_block", vals("empty-block", [])),
                res("data.aws_dynamodb_table.lookup", "lookup", vals("lookup", off), mode="data"),
            ],
            "child_modules": [{
                "resources": [
                    res('module.svc["a.b"].aws_dynamodb_table.this', "this", vals("svc-ab", off)),
                ],
                "address": 'module.svc["a.b"]',
                "child_modules": [{
                    "resources": [
                        res('module.svc["a.b"].module.inner.aws_dynamodb_table.deep[0]', "deep",
                            vals("deep", on), index=0),
                    ],
                    "address": 'module.svc["a.b"].module.inner',
                }],
            }],
        }},
    }


def policy_test_plans():
    """The plans that policies/tests/*.yaml use."""
    flag = ("ref", ["aws_ssm_parameter.flag.value", "aws_ssm_parameter.flag"])
    all_cases = cases()
    return {
        "pitr": plan_document([
            ssm_parameter(),
            Table("omitted"),
            Table("enabled", pitr=("const", True)),
            Table("disabled", pitr=("const", False)),
            Table("from_flag", pitr=flag),
            Table("kept_on_update", action="update", prior=True),
            Table("deleted", action="delete", prior=False),
        ]),
        "recovery-window": plan_document([
            ssm_parameter(),
            Table("default_window", pitr=("const", True)),
            Table("one_week", pitr=("const", True), period=7),
            Table("two_weeks", pitr=("const", True), period=14),
            Table("window_from_flag", pitr=("const", True),
                  period=("ref", ["aws_ssm_parameter.flag.value", "aws_ssm_parameter.flag"])),
            Table("no_pitr"),
            Table("pitr_from_flag", pitr=flag, period=7),
        ]),
        "replicas": all_cases["replicas"],
        "encryption": all_cases["encryption"],
    }


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "fixtures")
    for name, doc in {**cases(), **data_loss_cases(), **relation_cases()}.items():
        # seed-insecure is written on one line, exactly as Terraform prints it.
        write(os.path.join(root, name, "plan.json"), doc, pretty=name != "seed-insecure")
    write(os.path.join(root, "state", "plan.json"), state_case())
    plans = os.path.join(here, "..", "policies", "tests", "plans")
    for name, doc in policy_test_plans().items():
        write(os.path.join(plans, name + ".json"), doc)
    examples = os.path.join(here, "..", "policies", "examples", "tests", "plans")
    for name, doc in example_plans().items():
        write(os.path.join(examples, name + ".json"), doc)


if __name__ == "__main__":
    main()
