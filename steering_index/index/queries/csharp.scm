; Extraction query for C#. Capture names are documented in README.md.

; --- definitions -------------------------------------------------------------

(class_declaration name: (identifier)) @definition.class
(interface_declaration name: (identifier)) @definition.interface
(struct_declaration name: (identifier)) @definition.struct
(record_declaration name: (identifier)) @definition.record
(enum_declaration name: (identifier)) @definition.enum
(delegate_declaration name: (identifier)) @definition.type
(method_declaration name: (identifier)) @definition.method
(constructor_declaration name: (identifier)) @definition.constructor
(property_declaration name: (identifier)) @definition.property
; A `const` field is a constant; other fields are fields.
(field_declaration) @definition.member

; --- imports -----------------------------------------------------------------

(using_directive) @import

; --- references --------------------------------------------------------------

(invocation_expression function: (identifier) @reference.call)
(invocation_expression function: (member_access_expression name: (identifier) @reference.member))
(invocation_expression function: (generic_name (identifier) @reference.call))
(object_creation_expression type: (identifier) @reference.call)
(object_creation_expression type: (generic_name (identifier) @reference.call))
(base_list (identifier) @reference)
(base_list (generic_name (identifier) @reference))
(parameter type: (identifier) @reference)
(variable_declaration type: (identifier) @reference)
(property_declaration type: (identifier) @reference)
(method_declaration returns: (identifier) @reference)
(type_argument_list (identifier) @reference)
(generic_name (identifier) @reference)
(attribute name: (identifier) @reference)
(catch_declaration type: (identifier) @reference)
; What `[SuppressMessage("Style", "IDE1006:Naming Styles")]` silences: a reference named by
; each quoted string it is given (not `Justification = "..."`).
(attribute
  name: [(identifier) @_suppress
         (qualified_name name: (identifier) @_suppress)]
  (attribute_argument_list (attribute_argument . (string_literal) @reference))
  (#match? @_suppress "^SuppressMessage(Attribute)?$")
  (#match? @reference "^\"[^\"\n]{1,120}\"$"))

; --- comments ----------------------------------------------------------------

(comment) @comment
; A `#pragma warning disable` tells the project's analyzers to accept what follows: the
; checks read it like a linter's comment (`conventions/checks.py`).
(preproc_pragma) @comment
