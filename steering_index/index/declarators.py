"""C and C++ declarators: the name a declaration declares, and whether it declares a function.

In C the name sits inside the declarator (`*ring_create(size_t n)`, `(*handler)(int)`,
`table[16]`), and in C++ it may be qualified by the class it belongs to
(`RateLimiter::tryAcquire`). Extraction asks here what a `declaration`, a
`function_definition` or a `field_declaration` declares, walking without recursion.
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

# Declarators that wrap the one that names: `*x`, `x[4]`, `x = 1`, `&x`, `(x)`.
_WRAPPING = frozenset(
    {
        "pointer_declarator",
        "array_declarator",
        "init_declarator",
        "reference_declarator",
        "parenthesized_declarator",
        "attributed_declarator",
        "abstract_pointer_declarator",
    }
)
_NAMES = frozenset(
    {
        "identifier",
        "field_identifier",
        "type_identifier",
        "operator_name",
        "destructor_name",
        "primitive_type",
    }
)
# Where a declaration declares something of the file (or of a class), not a local; the
# preprocessor's blocks are looked through.
_FILE_LEVEL = frozenset(
    {
        "translation_unit",
        "declaration_list",
        "linkage_specification",
        "template_declaration",
        "field_declaration_list",
    }
)
_PREPROCESSOR_BLOCKS = frozenset(
    {"preproc_ifdef", "preproc_if", "preproc_else", "preproc_elif", "preproc_elifdef"}
)


def file_level(node: Node) -> bool:
    """Whether a declaration stands at file (or class) level, inside `#if` blocks or not."""
    container = node.parent
    while container is not None and container.type in _PREPROCESSOR_BLOCKS:
        container = container.parent
    return container is not None and container.type in _FILE_LEVEL


@dataclass(frozen=True, slots=True)
class Declared:
    """What one declarator declares: its name node, whether it is a function, the class a
    qualified name places it in (`RateLimiter` for `RateLimiter::tryAcquire`, dotted as
    scopes are), and whether it is a pointer to a function (`(*handler)(int)`), which is data."""

    name: Node
    function: bool
    qualifier: str
    pointer_to_function: bool = False


def declared(declarator: Node) -> Declared | None:
    """The name a declarator declares, or None when it declares none (an abstract one)."""
    node: Node | None = declarator
    function = False
    through_parentheses = False
    qualifier: list[str] = []
    while node is not None:
        kind = node.type
        if kind in _NAMES:
            return Declared(node, function, ".".join(qualifier), through_parentheses and function)
        if kind == "function_declarator":
            if _misread_abstract(node):
                return None
            function = True
            # Parentheses count only below the innermost function declarator: `(*cb)(int)`
            # is a pointer to a function, `(*make(int))(bool)` a function returning one.
            through_parentheses = False
            node = node.child_by_field_name("declarator")
        elif kind == "qualified_identifier":
            scope = node.child_by_field_name("scope")
            if scope is not None and scope.text is not None:
                qualifier.append(scope.text.decode("utf-8", "replace").split("<", 1)[0])
            node = node.child_by_field_name("name")
        elif kind == "template_function":
            node = node.child_by_field_name("name")
        elif kind in _WRAPPING:
            through_parentheses = through_parentheses or kind == "parenthesized_declarator"
            inner = node.child_by_field_name("declarator")
            node = inner if inner is not None else _first_named(node)
        else:
            return None
    return None


def _misread_abstract(declarator: Node) -> bool:
    """A function declarator whose parameters are a parse error of `*` or `&` alone: the
    grammar's reading of an abstract pointer (`-> Ret (*)(Args...)` after a parameter it
    could not parse, `Ret (Class::*)(Args...)`), which names nothing; no function's
    parameter list is `(*)`."""
    parameters = declarator.child_by_field_name("parameters")
    if parameters is None or not parameters.named_children:
        return False
    return all(
        child.type == "ERROR" and (child.text or b"").strip() in (b"*", b"&", b"&&")
        for child in parameters.named_children
    )


def _first_named(node: Node) -> Node | None:
    for child in node.named_children:
        if child.type not in ("type_qualifier", "ms_pointer_modifier", "attribute_declaration"):
            return child
    return None


def has_specifier(node: Node, kinds: tuple[str, ...], words: tuple[str, ...]) -> bool:
    """Whether `node` has a child of one of `kinds` whose text is one of `words`
    (`static` as a storage class, `const` or `constexpr` as a qualifier)."""
    for child in node.children:
        text = child.text if child.type in kinds else None
        if text is not None and text.decode("utf-8", "replace") in words:
            return True
    return False
