"""Write services of the org app (STYLE §2): every change to units, posts, people, holdings,
portfolios, roles, role assignments and accounts goes through these functions.

Each takes the acting account first (keyword-only; ``None`` is the system, allowed only inside
core.system.system_actor), checks permission and data scope, validates, changes the rows and writes
the audit record in one transaction. Edits take ``expected_version`` (optimistic locking, AUD-3);
removals are soft deletes with a reason (AUD-2).
"""

from sunshine.org.services.accounts import (
    account_create,
    account_disable,
    account_enable,
    account_link_person,
    account_reset_password,
    account_unlock,
    account_update,
)
from sunshine.org.services.people import person_create, person_delete, person_move, person_update
from sunshine.org.services.portfolios import portfolio_assign, portfolio_end, portfolio_update
from sunshine.org.services.posts import (
    post_create,
    post_delete,
    post_holding_assign,
    post_holding_end,
    post_update,
)
from sunshine.org.services.roles import (
    role_assignment_create,
    role_assignment_revoke,
    role_create,
    role_delete,
    role_update,
)
from sunshine.org.services.units import unit_create, unit_delete, unit_move, unit_update

__all__ = [
    "account_create",
    "account_disable",
    "account_enable",
    "account_link_person",
    "account_reset_password",
    "account_unlock",
    "account_update",
    "person_create",
    "person_delete",
    "person_move",
    "person_update",
    "portfolio_assign",
    "portfolio_end",
    "portfolio_update",
    "post_create",
    "post_delete",
    "post_holding_assign",
    "post_holding_end",
    "post_update",
    "role_assignment_create",
    "role_assignment_revoke",
    "role_create",
    "role_delete",
    "role_update",
    "unit_create",
    "unit_delete",
    "unit_move",
    "unit_update",
]
