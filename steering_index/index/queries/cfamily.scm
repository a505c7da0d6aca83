; Extraction patterns shared by C and C++. Capture names are documented in README.md.

; --- definitions -------------------------------------------------------------

; The name sits inside the declarator (`*name(args)`, `Class::name(args)`).
(function_definition declarator: (_)) @definition.declared
; Prototypes and variables at file level (also inside include guards and `extern "C"`);
; the classifier skips those inside functions.
(declaration declarator: (_)) @definition.declared
; Struct and union fields, class members: methods when they declare a function.
(field_declaration declarator: (_)) @definition.member
(struct_specifier name: (type_identifier) body: (_)) @definition.struct
(union_specifier name: (type_identifier) body: (_)) @definition.struct
(enum_specifier name: (type_identifier) body: (_)) @definition.enum
(type_definition declarator: (_)) @definition.typedef
(preproc_def name: (identifier)) @definition.macro
(preproc_function_def name: (identifier)) @definition.macro

; --- imports -----------------------------------------------------------------

(preproc_include) @import

; --- references --------------------------------------------------------------

(call_expression function: (identifier) @reference.call)
(call_expression function: (field_expression field: (field_identifier) @reference.member))
(type_identifier) @reference

; --- comments ----------------------------------------------------------------

(comment) @comment
