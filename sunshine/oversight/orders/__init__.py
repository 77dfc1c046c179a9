"""Supervision orders (督办通知书, CASE-15..21): issued from a red alert, a case, a later module's
follow-up (collective decisions) or by hand; replied in writing by the responsible person;
verified and closed by the issuer's office; escalated when the reply is late.

Modules: ``services`` (the rules), ``selectors`` (reads in scope), ``tasks`` (the periodic
escalation), ``printing`` (PDF and Word), ``demo``.
"""
