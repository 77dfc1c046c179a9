"""Gateway conditions: a tiny, safe subset of Python expressions, evaluated without eval().

Convention (see the package docstring): an outgoing sequence flow of an exclusive or inclusive gateway
carries its condition either as ``bpmn:conditionExpression`` text, e.g. ``decision == "approve"`` or
``major and amount >= 10000``, or, when it has no expression, by its name alone: a flow named 受理 means
``path == "受理"``. Allowed: names (case-data variables; an unknown name is None), str/int/float/bool/None
literals, list/tuple/set literals, comparisons (== != < <= > >= in, not in), and/or/not, unary minus.
Anything else (calls, attributes, subscripts, lambdas...) is refused, so an uploaded diagram can never run
code on the server. SpiffWorkflow's own PythonScriptEngine would eval() it, which is why test_run never
lets SpiffWorkflow see a user expression.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Mapping
from typing import Any

from .errors import _

MAX_EXPRESSION_LENGTH = 500

_COMPARE = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}
_ALLOWED_NODES = (
    ast.Expression,
    ast.Compare,
    ast.BoolOp,
    ast.UnaryOp,
    ast.Name,
    ast.Load,
    ast.Constant,
    ast.List,
    ast.Tuple,
    ast.Set,
    ast.And,
    ast.Or,
    ast.Not,
    ast.USub,
    *_COMPARE,
)


class ConditionError(ValueError):
    """The expression is outside the allowed subset (message in Chinese)."""


def name_condition(name: str) -> str:
    """The expression a flow's name stands for when the flow has no conditionExpression."""
    return f"path == {name!r}"


def compile_condition(expression: str) -> ast.Expression:
    """Parse and check an expression; raise ConditionError when it is not allowed."""
    text = (expression or "").strip()
    if not text:
        raise ConditionError(_("条件表达式为空"))
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise ConditionError(_("条件表达式过长（不超过 {n} 个字符）").format(n=MAX_EXPRESSION_LENGTH))
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise ConditionError(_("条件表达式语法错误：{detail}").format(detail=exc.msg)) from exc
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            raise ConditionError(
                _(
                    "条件表达式只能使用变量、常量、比较（== != < <= > >= in）和 and/or/not，不能使用 {what}"
                ).format(what=type(node).__name__)
            )
        if isinstance(node, ast.Constant) and not isinstance(node.value, str | int | float | bool | None):
            raise ConditionError(_("条件表达式中的常量类型不受支持"))
    return tree


def check_condition(expression: str) -> str | None:
    """None when the expression is allowed, else the Chinese reason."""
    try:
        compile_condition(expression)
    except ConditionError as exc:
        return str(exc)
    return None


def evaluate_condition(expression: str, data: Mapping[str, Any]) -> Any:
    """Evaluate an allowed expression over case data; raise ConditionError when it is not allowed."""
    return _eval(compile_condition(expression).body, data)


def is_constant_false(expression: str) -> bool:
    """True for an allowed expression without variables that is always false (``False``, ``1 == 2``)."""
    tree = compile_condition(expression)
    if any(isinstance(node, ast.Name) for node in ast.walk(tree)):
        return False
    return not _eval(tree.body, {})


def _eval(node: ast.AST, data: Mapping[str, Any]) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return data.get(node.id)
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return [_eval(item, data) for item in node.elts]
    if isinstance(node, ast.UnaryOp):
        value = _eval(node.operand, data)
        if isinstance(node.op, ast.Not):
            return not value
        try:
            return -value
        except TypeError:
            return None
    if isinstance(node, ast.BoolOp):
        if isinstance(node.op, ast.And):
            result: Any = True
            for value_node in node.values:
                result = _eval(value_node, data)
                if not result:
                    return result
            return result
        result = False
        for value_node in node.values:
            result = _eval(value_node, data)
            if result:
                return result
        return result
    if isinstance(node, ast.Compare):
        left = _eval(node.left, data)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = _eval(right_node, data)
            try:
                ok = _COMPARE[type(op)](left, right)
            except TypeError:  # None < 3, "a" in 5: a missing or odd value is simply not a match
                return False
            if not ok:
                return False
            left = right
        return True
    raise ConditionError(_("条件表达式包含不支持的内容"))  # unreachable after compile_condition
