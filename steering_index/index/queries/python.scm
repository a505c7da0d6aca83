; Extraction query for Python. Capture names are documented in README.md.

; --- definitions -------------------------------------------------------------

(function_definition name: (identifier)) @definition.function
(class_definition name: (identifier)) @definition.class
(module (type_alias_statement) @definition.type)

; Module-level `NAME = ...` and `NAME: T = ...`: constant or variable by the name's case.
(module
  (expression_statement
    (assignment left: (identifier)) @definition.assignment))

; --- imports -----------------------------------------------------------------

(import_statement) @import
(import_from_statement) @import
(future_import_statement) @import

; --- references --------------------------------------------------------------

(call function: (identifier) @reference.call)
(call function: (attribute attribute: (identifier) @reference.call))

(decorator (identifier) @reference)
(decorator (attribute attribute: (identifier) @reference))
(class_definition superclasses: (argument_list (identifier) @reference))
(class_definition superclasses: (argument_list (attribute attribute: (identifier) @reference)))
(type (identifier) @reference)
(type (attribute attribute: (identifier) @reference))
(type (generic_type (identifier) @reference))
(except_clause (identifier) @reference)
(except_clause (attribute attribute: (identifier) @reference))
(raise_statement (identifier) @reference)

; --- comments ----------------------------------------------------------------

(comment) @comment
