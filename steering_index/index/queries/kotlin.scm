; Extraction query for Kotlin. Capture names are documented in README.md.

; --- definitions -------------------------------------------------------------

; `class`, `interface` or `enum class` by its keyword and modifiers.
(class_declaration name: (identifier)) @definition.classlike
(object_declaration name: (identifier)) @definition.class
(function_declaration name: (identifier)) @definition.function
(secondary_constructor) @definition.constructor
; `const val` is a constant; other properties are variables at the top, properties in a class.
(source_file (property_declaration) @definition.member)
(class_body (property_declaration) @definition.member)
(type_alias type: (identifier)) @definition.type

; --- imports -----------------------------------------------------------------

(import) @import

; --- references --------------------------------------------------------------

(call_expression . (identifier) @reference.call)
(call_expression . (navigation_expression (identifier) @reference.member .))
(user_type (identifier) @reference)
(annotation (user_type (identifier) @reference))
; What `@Suppress("FunctionName")`, `@SuppressWarnings("Detekt.ClassNaming")` or a file's
; `@file:Suppress(...)` silences: a reference named by the quoted string.
; (Only an annotation invokes `Suppress`, whether on a definition or on the file.)
(constructor_invocation
  (user_type (identifier) @_suppress)
  (value_arguments (value_argument (string_literal) @reference))
  (#match? @_suppress "^Suppress(Warnings)?$")
  (#match? @reference "^\"[^\"\n]{1,80}\"$"))

; --- comments ----------------------------------------------------------------

(line_comment) @comment
(block_comment) @comment
