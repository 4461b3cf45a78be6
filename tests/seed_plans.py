"""Plans the Python tests write from the seed fixtures: a table under another
address, or thousands of failing tables."""
import copy
import json
import os


def seed(root, name="seed-insecure"):
    """fixtures/NAME/plan.json as a dict: one aws_dynamodb_table change."""
    with open(os.path.join(root, "fixtures", name, "plan.json")) as f:
        return json.load(f)


def moved(change, address):
    """A copy of the resource change `change` at `address`, in that address's module."""
    change = copy.deepcopy(change)
    change["address"] = address
    change.pop("module_address", None)
    if address.startswith("module."):
        change["module_address"] = address.rsplit(".aws_dynamodb_table", 1)[0]
    return change


def readdressed(plan, address):
    """`plan` with its first resource change at `address`."""
    plan["resource_changes"][0] = moved(plan["resource_changes"][0], address)
    return plan


def many_failing_tables(root, n):
    """The insecure seed's table n times, each in its own module instance."""
    plan = seed(root)
    table = plan["resource_changes"][0]
    plan["resource_changes"] = [moved(table, 'module.m["t%05d"].aws_dynamodb_table.bad_example' % i)
                                for i in range(n)]
    return plan
