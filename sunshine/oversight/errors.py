"""Error codes of the oversight app (core.errors.DomainError.code)."""

WRONG_STATE = "alert_wrong_state"
NOT_RESPONSIBLE = "alert_not_responsible"
EXPLANATION_REQUIRED = "alert_explanation_required"
NOTE_REQUIRED = "alert_note_required"
STALE = "stale_version"
