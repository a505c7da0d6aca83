; Extraction query for Java. Capture names are documented in README.md.

; --- definitions -------------------------------------------------------------

(class_declaration name: (identifier)) @definition.class
(interface_declaration name: (identifier)) @definition.interface
(annotation_type_declaration name: (identifier)) @definition.interface
(enum_declaration name: (identifier)) @definition.enum
(record_declaration name: (identifier)) @definition.record
(method_declaration name: (identifier)) @definition.method
(constructor_declaration name: (identifier)) @definition.constructor
(compact_constructor_declaration name: (identifier)) @definition.constructor
; Fields become constants when `static final` (always, in an interface).
(field_declaration) @definition.field
(constant_declaration) @definition.constant

; --- imports -----------------------------------------------------------------

(import_declaration) @import

; --- references --------------------------------------------------------------

(method_invocation name: (identifier) @reference.call)
(object_creation_expression type: (type_identifier) @reference.call)
(object_creation_expression type: (generic_type (type_identifier) @reference.call))
(type_identifier) @reference

; --- comments ----------------------------------------------------------------

(line_comment) @comment
(block_comment) @comment
