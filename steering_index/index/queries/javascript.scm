; JavaScript-only patterns, added to ecmascript.scm (and jsx.scm). See README.md.

(class_declaration name: (identifier)) @definition.class
(class_body (field_definition property: (_) value: [(arrow_function) (function_expression)]) @definition.method)

(class_heritage (identifier) @reference)
(class_heritage (member_expression property: (property_identifier) @reference))
