; TypeScript-only patterns, added to ecmascript.scm (TSX adds jsx.scm too). See README.md.

; --- definitions -------------------------------------------------------------

(function_signature name: (identifier)) @definition.function
(class_declaration name: (type_identifier)) @definition.class
(abstract_class_declaration name: (type_identifier)) @definition.class
(interface_declaration name: (type_identifier)) @definition.interface
(type_alias_declaration name: (type_identifier)) @definition.type
(enum_declaration name: (identifier)) @definition.enum
(internal_module name: (identifier)) @definition.module

(class_body (abstract_method_signature name: (_)) @definition.method)
(class_body (method_signature name: (_)) @definition.method)
(class_body (public_field_definition name: (_) value: [(arrow_function) (function_expression)]) @definition.method)
(interface_body (method_signature name: (_)) @definition.method)

; --- references --------------------------------------------------------------

(extends_clause value: (identifier) @reference)
(extends_clause value: (member_expression property: (property_identifier) @reference))
(type_identifier) @reference
