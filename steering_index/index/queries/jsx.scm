; JSX patterns, added for JavaScript and TSX (the TypeScript grammar has no JSX nodes).
; Lower-case names are HTML elements, not components.

(jsx_opening_element name: (identifier) @reference.call (#match? @reference.call "^[A-Z]"))
(jsx_self_closing_element name: (identifier) @reference.call (#match? @reference.call "^[A-Z]"))
