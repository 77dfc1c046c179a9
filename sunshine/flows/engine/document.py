"""Safe loading of user-supplied BPMN 2.0 XML (lxml) and the namespaces we read and write.

Uploaded files are untrusted: no DTD is loaded, no entity is resolved, nothing is fetched over the
network, and a document with a DOCTYPE is refused outright (that closes XXE and "billion laughs").
"""

from __future__ import annotations

from lxml import etree

from .errors import BpmnError, ProblemCode, _

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"
DC_NS = "http://www.omg.org/spec/DD/20100524/DC"
DI_NS = "http://www.omg.org/spec/DD/20100524/DI"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SUNSHINE_NS = "http://sunshine.example.org/bpmn"
SUNSHINE_PREFIX = "sunshine"

NSMAP = {"bpmn": BPMN_NS, "bpmndi": BPMNDI_NS, "dc": DC_NS, "di": DI_NS, SUNSHINE_PREFIX: SUNSHINE_NS}

# A flowchart of a few hundred steps is well under 1 MB; the cap keeps a hostile upload cheap.
MAX_XML_BYTES = 5 * 1024 * 1024


def bpmn(tag: str) -> str:
    """Clark notation of a BPMN model tag: ``bpmn("userTask")`` -> ``{...MODEL}userTask``."""
    return f"{{{BPMN_NS}}}{tag}"


def sunshine(attribute: str) -> str:
    """Clark notation of one of our extension attributes: ``sunshine("timeLimit")``."""
    return f"{{{SUNSHINE_NS}}}{attribute}"


def local_name(element: etree._Element) -> str:
    return etree.QName(element).localname


def _parser(encoding: str | None) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        encoding=encoding,
    )


def load(xml: bytes | str) -> etree._Element:
    """Parse BPMN XML text into its ``bpmn:definitions`` root element; raise BpmnError when it is not one."""
    if isinstance(xml, str):
        # A str is already decoded; its XML declaration may still name another encoding, so force UTF-8.
        data, parser = xml.encode("utf-8"), _parser("utf-8")
    elif isinstance(xml, bytes | bytearray | memoryview):
        data, parser = bytes(xml), _parser(None)
    else:
        raise TypeError(f"BPMN XML must be bytes or str, not {type(xml).__name__}")
    if len(data) > MAX_XML_BYTES:
        raise BpmnError(
            ProblemCode.XML_TOO_LARGE,
            _("流程图文件过大（超过 {limit} MB）").format(limit=MAX_XML_BYTES // (1024 * 1024)),
        )
    if not data.strip():
        raise BpmnError(ProblemCode.XML_MALFORMED, _("流程图文件为空"))
    if b"<!DOCTYPE" in data[:4096].upper():  # before parsing, so every hostile prolog gets this one answer
        raise BpmnError(ProblemCode.XML_DOCTYPE_FORBIDDEN, _("流程图文件不得包含 DOCTYPE 声明或实体定义"))
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise BpmnError(
            ProblemCode.XML_MALFORMED,
            _("流程图文件不是合法的 XML（第 {line} 行）：{detail}").format(
                line=exc.lineno or "?", detail=exc.msg
            ),
        ) from exc
    if root.getroottree().docinfo.doctype:  # e.g. a UTF-16 file, which the byte check above misses
        raise BpmnError(
            ProblemCode.XML_DOCTYPE_FORBIDDEN,
            _("流程图文件不得包含 DOCTYPE 声明或实体定义"),
        )
    if root.tag != bpmn("definitions"):
        raise BpmnError(
            ProblemCode.NOT_BPMN,
            _("不是 BPMN 2.0 流程图：根元素应为 bpmn:definitions，实际为 {tag}").format(tag=root.tag),
        )
    return root
