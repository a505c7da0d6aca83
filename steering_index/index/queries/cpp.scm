; Extraction patterns of C++ beyond those it shares with C (cfamily.scm).

(class_specifier name: (type_identifier) body: (_)) @definition.class
(namespace_definition name: (namespace_identifier)) @definition.module
; Aliases in a function body are local, as its variables are (the typedef classifier).
(alias_declaration name: (type_identifier)) @definition.typedef
(concept_definition name: (identifier)) @definition.type

(call_expression function: (qualified_identifier name: (identifier) @reference.call))
(call_expression function: (template_function name: (identifier) @reference.call))
(new_expression type: (type_identifier) @reference.call)
(using_declaration) @import
; A template's specialization (`struct Wrapper<T[N]> { ... }`): its members are the template's.
(struct_specifier name: (template_type) body: (_)) @definition.struct
(class_specifier name: (template_type) body: (_)) @definition.class
; A nested class defined outside the class that declares it (`struct Table::Rep { ... }`).
(struct_specifier name: (qualified_identifier) body: (_)) @definition.struct
(class_specifier name: (qualified_identifier) body: (_)) @definition.class
