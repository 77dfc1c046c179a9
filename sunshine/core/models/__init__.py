from sunshine.core.models.audit import GENESIS_HASH, AuditRecord
from sunshine.core.models.base import BaseModel, SoftDeleteModel
from sunshine.core.models.notifications import (
    DeliveryChannel,
    DeliveryStatus,
    Notification,
    NotificationDelivery,
)
from sunshine.core.models.periodic import PeriodicJob
from sunshine.core.models.tokens import ApiToken
from sunshine.core.models.user import User

__all__ = [
    "GENESIS_HASH",
    "ApiToken",
    "AuditRecord",
    "BaseModel",
    "DeliveryChannel",
    "DeliveryStatus",
    "Notification",
    "NotificationDelivery",
    "PeriodicJob",
    "SoftDeleteModel",
    "User",
]
