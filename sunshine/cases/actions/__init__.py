"""Task actions (issue #6 §3, ADR 0006): send back (退回), transfer (转办), delegate and take back
(委派/收回), stand-ins (代理), copies to readers (抄送). ``access`` answers who may act on a step and
is used by cases.services; the other modules are services, pages and API over them."""
