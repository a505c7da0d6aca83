; Extraction query for Rust. Capture names are documented in README.md.

; --- definitions -------------------------------------------------------------

(function_item name: (identifier)) @definition.function
(function_signature_item name: (identifier)) @definition.function
(struct_item name: (type_identifier)) @definition.struct
(union_item name: (type_identifier)) @definition.struct
(enum_item name: (type_identifier)) @definition.enum
(trait_item name: (type_identifier)) @definition.trait
(type_item name: (type_identifier)) @definition.type
(const_item name: (identifier)) @definition.constant
(static_item name: (identifier)) @definition.static
(mod_item name: (identifier)) @definition.module
(macro_definition name: (identifier)) @definition.macro
; An impl block is not a symbol, but its functions are methods of its type.
(impl_item type: (_)) @scope.impl

; --- imports -----------------------------------------------------------------

(use_declaration) @import
(extern_crate_declaration) @import

; --- references --------------------------------------------------------------

(call_expression function: (identifier) @reference.call)
(call_expression function: (scoped_identifier name: (identifier) @reference.call))
(call_expression function: (field_expression field: (field_identifier) @reference.call))
(call_expression function: (generic_function function: (identifier) @reference.call))
(call_expression function: (generic_function function: (scoped_identifier name: (identifier) @reference.call)))
(call_expression function: (generic_function function: (field_expression field: (field_identifier) @reference.call)))
(macro_invocation macro: (identifier) @reference.call)
(type_identifier) @reference

; --- comments ----------------------------------------------------------------

(line_comment) @comment
(block_comment) @comment
