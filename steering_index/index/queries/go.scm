; Extraction query for Go. Capture names are documented in README.md.

; --- definitions -------------------------------------------------------------

(function_declaration name: (identifier)) @definition.function
(method_declaration name: (field_identifier)) @definition.method
(method_elem name: (field_identifier)) @definition.method
; struct, interface or plain type by what the spec declares.
(type_spec name: (type_identifier)) @definition.typespec
(type_alias name: (type_identifier)) @definition.type
(source_file (const_declaration (const_spec) @definition.constant))
(source_file (var_declaration (var_spec) @definition.variable))
(source_file (var_declaration (var_spec_list (var_spec) @definition.variable)))

; --- imports -----------------------------------------------------------------

(import_spec) @import

; --- references --------------------------------------------------------------

(call_expression function: (identifier) @reference.call)
(call_expression function: (selector_expression field: (field_identifier) @reference.call))
(type_identifier) @reference

; --- comments ----------------------------------------------------------------

(comment) @comment
