; Extraction query for Swift. Capture names are documented in README.md.

; --- definitions -------------------------------------------------------------

; `class`, `struct`, `enum`, `actor` by its keyword; an `extension` only scopes its members.
(class_declaration) @definition.classlike
(protocol_declaration name: (type_identifier)) @definition.interface
(function_declaration) @definition.function
(protocol_function_declaration) @definition.method
(init_declaration) @definition.constructor
(typealias_declaration name: (type_identifier)) @definition.type
; `let` at the top is a constant, `var` a variable; in a type, a property.
(source_file (property_declaration) @definition.member)
(class_body (property_declaration) @definition.member)
(protocol_body (protocol_property_declaration) @definition.member)

; --- imports -----------------------------------------------------------------

(import_declaration) @import

; --- references --------------------------------------------------------------

(call_expression . (simple_identifier) @reference.call)
(call_expression . (navigation_expression suffix: (navigation_suffix suffix: (simple_identifier) @reference.member)))
(user_type (type_identifier) @reference)
(attribute (user_type (type_identifier) @reference))
; `@available(*, deprecated, message: ...)`: the word that deprecates, as a reference.
(attribute
  (user_type (type_identifier) @_available (#eq? @_available "available"))
  (simple_identifier) @reference
  (#any-of? @reference "deprecated" "unavailable"))

; --- comments ----------------------------------------------------------------

(comment) @comment
(multiline_comment) @comment
