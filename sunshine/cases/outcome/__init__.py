"""A case's outcome (办件结果, issue #6 §1 and §4): the decision with its discretion tier, service
(送达), publication of the result, archiving (归档), documents attached to steps, and the printable
decision document. Models live in cases.models (appended there); the rules are in this package."""
