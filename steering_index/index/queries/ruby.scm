; Extraction query for Ruby. Capture names are documented in README.md.

; --- definitions -------------------------------------------------------------

(class name: (_)) @definition.class
(module name: (_)) @definition.module
; A `def` in a class is a method (`def self.x` too); at the top or in a module, a function.
(method name: (_)) @definition.function
(singleton_method name: (_)) @definition.function
; Constants are assigned at the top, in a class or in a module (never in a method).
(program (assignment left: (constant)) @definition.constant)
(class (body_statement (assignment left: (constant)) @definition.constant))
(module (body_statement (assignment left: (constant)) @definition.constant))

; --- imports -----------------------------------------------------------------

(call
  !receiver
  method: (identifier) @_require
  arguments: (argument_list . (string))
  (#any-of? @_require "require" "require_relative" "load")) @import

; --- references --------------------------------------------------------------

(call !receiver method: (identifier) @reference.call)
(call receiver: (_) method: (identifier) @reference.member)
(constant) @reference

; --- comments ----------------------------------------------------------------

(comment) @comment
