-- Neovim set-up for the steering language server: starts it, and adds :SteeringAsk,
-- :SteeringAskFrontier, :SteeringRules, :SteeringContext and :SteeringReview.
--
-- Works with Neovim 0.7+ (vim.lsp.start_client) and, from 0.11, with vim.lsp.config and
-- vim.lsp.enable. Edits arrive as a standard workspace/applyEdit, which Neovim applies.
local M = {}

local SERVER_NAME = "steering-lsp"
-- The server's workspace/executeCommand ids (server/command_args.py, CommandId).
local SERVER_COMMANDS = {
  ask = "steering.ask",
  showContext = "steering.showContext",
  showRules = "steering.showRules",
  review = "steering.review",
  acceptFindings = "steering.acceptFindings",
}

-- The steering checkout this plugin is part of (clients/neovim/lua/steering/init.lua), if it
-- is one: `make install` there puts the server in its .venv.
local function checkout_root()
  local source = debug.getinfo(1, "S").source
  if source:sub(1, 1) ~= "@" then
    return nil
  end
  local root = vim.fn.fnamemodify(source:sub(2), ":p:h:h:h:h:h")
  if vim.loop.fs_stat(root .. "/pyproject.toml") == nil then
    return nil
  end
  return root
end

local function checkout_server()
  local root = checkout_root()
  local server = root and (root .. "/.venv/bin/" .. SERVER_NAME)
  if server and vim.fn.executable(server) == 1 then
    return server
  end
  return nil
end

-- The server is not on PyPI: say how to get it from the checkout.
local function install_hint()
  local root = checkout_root() or "/path/to/steering"
  return "steering-lsp is installed from a checkout of steering, not from PyPI: run `make install` in "
    .. root
    .. " (this plugin then finds "
    .. root
    .. "/.venv/bin/steering-lsp), or `pipx install --editable "
    .. root
    .. "` to put it on PATH, or pass cmd = { '/absolute/path/to/steering-lsp' } to require('steering').setup"
end

local defaults = {
  name = "steering",
  cmd = { SERVER_NAME },
  cmd_env = nil,
  -- Settings as the server reads them (camelCase); a table with a `steering` key is accepted too.
  settings = {},
  -- The `steering` CLI's rule: the nearest folder holding a repository marker or a steering
  -- folder only a workspace root can hold is the root, so a sub-project with its own
  -- .kiro/steering is a workspace of its own while a nested src/api/AGENTS.md (which may sit
  -- anywhere) does not split a repository. Failing those, the nearest project file. A list
  -- inside the list is one group (its nearest marker wins); groups and plain strings are
  -- tried in order, each all the way up, as vim.fs.root does.
  root_markers = {
    {
      ".git", ".hg", ".svn", ".jj",
      ".aider.conf.yml", ".claude/rules", ".continue/rules", ".cursorrules",
      ".github/copilot-instructions.md", ".github/instructions", ".kiro/specs", ".kiro/steering",
      ".windsurfrules",
    },
    { "pyproject.toml", "setup.py", "package.json", "go.mod", "Cargo.toml", "pom.xml", "build.gradle", "build.gradle.kts" },
  },
  filetypes = {
    "python", "javascript", "javascriptreact", "typescript", "typescriptreact", "go", "rust", "java",
    "cs", "ruby", "php", "c", "cpp", "kotlin", "swift", "sh", "bash",
  },
}

local config = vim.deepcopy(defaults)
local clients_by_root = {}

local SYMBOL_KIND_METHOD, SYMBOL_KIND_CONSTRUCTOR, SYMBOL_KIND_FUNCTION = 6, 9, 12

local function notify(message, level)
  vim.notify("Steering: " .. message, level or vim.log.levels.INFO)
end

local function has_modern_config()
  return vim.fn.has("nvim-0.11") == 1 and vim.lsp.config ~= nil and vim.lsp.enable ~= nil
end

-- The `steering` section of the user's settings. An empty one is sent as an empty JSON
-- object: an empty Lua table would go out as `[]`.
local function steering_section(settings)
  local section = settings
  if type(settings) == "table" and type(settings.steering) == "table" then
    section = settings.steering
  end
  if type(section) ~= "table" or next(section) == nil then
    return vim.empty_dict()
  end
  return section
end

local REPOSITORY_MARKERS = { [".git"] = true, [".hg"] = true, [".svn"] = true, [".jj"] = true }

-- The nearest folder at or above `start` holding one of `group`'s markers. The home folder
-- counts only for a repository marker: user-wide rules (~/.claude/rules, ...) live there.
local function nearest(start, group)
  local home = vim.loop.os_homedir()
  local dir = start
  while true do
    for _, marker in ipairs(group) do
      if (dir ~= home or REPOSITORY_MARKERS[marker]) and vim.loop.fs_stat(dir .. "/" .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir then
      return nil
    end
    dir = parent
  end
end

-- The workspace root of `path`: `markers` holds strings and lists of strings (groups),
-- tried in order; within a group the nearest folder wins.
local function find_root(path, markers)
  local start = vim.fn.fnamemodify(path, ":p:h")
  for _, entry in ipairs(markers) do
    local found = nearest(start, type(entry) == "table" and entry or { entry })
    if found ~= nil then
      return found
    end
  end
  return nil
end

local function client_config(root_dir)
  local steering = steering_section(config.settings)
  return {
    name = config.name,
    cmd = config.cmd,
    cmd_env = config.cmd_env,
    root_dir = root_dir,
    workspace_folders = root_dir and { { uri = vim.uri_from_fname(root_dir), name = root_dir } } or nil,
    init_options = { steering = steering },
    -- Neovim answers workspace/configuration from here.
    settings = { steering = steering },
  }
end

-- Neovim 0.7 to 0.10: one client per workspace root, attached on FileType.
local function attach_legacy(bufnr)
  local file = vim.api.nvim_buf_get_name(bufnr)
  if file == "" or vim.bo[bufnr].buftype ~= "" then
    return
  end
  local root = find_root(file, config.root_markers) or vim.fn.fnamemodify(file, ":p:h")
  local client_id = clients_by_root[root]
  if client_id == nil or vim.lsp.get_client_by_id(client_id) == nil then
    client_id = vim.lsp.start_client(client_config(root))
    if client_id == nil then
      notify("the server did not start (" .. table.concat(config.cmd, " ") .. "); " .. install_hint(), vim.log.levels.ERROR)
      return
    end
    clients_by_root[root] = client_id
  end
  vim.lsp.buf_attach_client(bufnr, client_id)
end

local function start_modern()
  local settings = client_config(nil)
  vim.lsp.config(config.name, {
    cmd = config.cmd,
    cmd_env = config.cmd_env,
    filetypes = config.filetypes,
    root_dir = function(bufnr, on_dir)
      local file = vim.api.nvim_buf_get_name(bufnr)
      on_dir(find_root(file, config.root_markers) or vim.fn.fnamemodify(file, ":p:h"))
    end,
    init_options = settings.init_options,
    settings = settings.settings,
  })
  vim.lsp.enable(config.name)
end

local function client_for(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr, name = config.name })[1]
  end
  for _, client in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if client.name == config.name then
      return client
    end
  end
  return nil
end

local function request(client, method, params, handler, bufnr)
  if vim.fn.has("nvim-0.11") == 1 then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

-- Length of a line in the position encoding the client negotiated (UTF-16 by default).
local function line_length(client, text)
  local encoding = client.offset_encoding or "utf-16"
  if encoding == "utf-8" then
    return #text
  end
  if vim.fn.has("nvim-0.11") == 1 then
    return vim.str_utfindex(text, encoding)
  end
  local utf32, utf16 = vim.str_utfindex(text)
  return encoding == "utf-32" and utf32 or utf16
end

-- An LSP range covering whole lines first..last (1-based, inclusive).
local function line_range(client, bufnr, first, last)
  local last_text = vim.api.nvim_buf_get_lines(bufnr, last - 1, last, false)[1] or ""
  return {
    start = { line = first - 1, character = 0 },
    ["end"] = { line = last - 1, character = line_length(client, last_text) },
  }
end

local function contains(range, line)
  return range.start.line <= line and line <= range["end"].line
end

-- The innermost function or method around the cursor, if the server lists symbols.
local function function_lines(client, bufnr, cursor_line)
  if not (client.server_capabilities or {}).documentSymbolProvider then
    return nil
  end
  local params = { textDocument = vim.lsp.util.make_text_document_params(bufnr) }
  local responses = vim.lsp.buf_request_sync(bufnr, "textDocument/documentSymbol", params, 2000) or {}
  local response = responses[client.id]
  local best
  local function visit(symbols)
    for _, symbol in ipairs(symbols or {}) do
      local range = symbol.range or (symbol.location and symbol.location.range)
      local kind = symbol.kind
      if range and contains(range, cursor_line) then
        if kind == SYMBOL_KIND_FUNCTION or kind == SYMBOL_KIND_METHOD or kind == SYMBOL_KIND_CONSTRUCTOR then
          best = range
        end
        visit(symbol.children)
      end
    end
  end
  visit(response and response.result)
  if best then
    return best.start.line + 1, best["end"].line + 1
  end
  return nil
end

-- The lines a command works on: the given range, else the current function, else the line.
local function target_lines(client, bufnr, opts)
  if opts.range and opts.range > 0 then
    return opts.line1, opts.line2
  end
  local cursor_line = vim.api.nvim_win_get_cursor(0)[1]
  local first, last = function_lines(client, bufnr, cursor_line - 1)
  if first then
    return first, last
  end
  return cursor_line, cursor_line
end

local function execute(bufnr, command, argument, on_result)
  local client = client_for(bufnr)
  if client == nil then
    notify("no steering server is attached to this buffer (see :LspInfo)", vim.log.levels.WARN)
    return
  end
  request(client, "workspace/executeCommand", { command = command, arguments = { argument } }, function(err, result)
    if err then
      notify(command .. " failed: " .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
      return
    end
    on_result(result)
  end, bufnr)
end

-- The buffer a command is for and the steering client attached to it (nil, said, if none).
local function attached(opts)
  local bufnr = opts.bufnr or vim.api.nvim_get_current_buf()
  local client = client_for(bufnr)
  if client == nil then
    notify("no steering server is attached to this buffer (see :LspInfo)", vim.log.levels.WARN)
  end
  return bufnr, client
end

local ASK_LEVELS = {
  applied = vim.log.levels.INFO,
  cancelled = vim.log.levels.INFO,
  rejected = vim.log.levels.WARN,
  stale = vim.log.levels.WARN,
}

-- A command's status and message (its status when it has none), without a "Steering: "
-- prefix (notify() says it already); nil when the answer is not an object.
local function answer_of(result)
  if type(result) ~= "table" then
    return nil, nil
  end
  local status = result.status or "error"
  local message = result.message
  if type(message) ~= "string" or message == "" then
    message = status
  end
  return status, (message:gsub("^[Ss]teering: ", ""))
end

function M.describe_ask_result(result)
  local status, message = answer_of(result)
  if status == nil then
    return "the server gave no answer to the request", vim.log.levels.ERROR
  end
  local details = {}
  if type(result.model) == "string" then
    table.insert(details, result.model)
  end
  if type(result.cost_usd) == "number" then
    table.insert(details, string.format("$%.4f", result.cost_usd))
  end
  if #details > 0 then
    message = message .. " (" .. table.concat(details, ", ") .. ")"
  end
  if status == "no-key" then
    message = message .. "; set ANTHROPIC_API_KEY in the environment Neovim starts the server with"
  end
  return message, ASK_LEVELS[status] or vim.log.levels.ERROR
end

-- Runs a model on lines first..last (1-based) of the buffer with a free-form instruction.
function M.ask(instruction, tier, opts)
  opts = opts or {}
  local bufnr, client = attached(opts)
  if client == nil then
    return
  end
  if instruction == nil or vim.trim(instruction) == "" then
    notify("say what should change, e.g. :SteeringAsk add a docstring", vim.log.levels.WARN)
    return
  end
  local first, last = target_lines(client, bufnr, opts)
  local argument = {
    uri = vim.uri_from_bufnr(bufnr),
    range = line_range(client, bufnr, first, last),
    instruction = vim.trim(instruction),
    tier = tier or "small",
    -- The answer is notified below: the server need not show it too.
    callerShowsResult = true,
  }
  notify(string.format("asking the %s model about lines %d-%d...", argument.tier, first, last))
  execute(bufnr, SERVER_COMMANDS.ask, argument, function(result)
    notify(M.describe_ask_result(result))
  end)
end

local REVIEW_LEVELS = {
  reviewed = vim.log.levels.INFO,
  stale = vim.log.levels.WARN,
  ["over-cap"] = vim.log.levels.WARN,
  refused = vim.log.levels.WARN,
}

function M.describe_review_result(result)
  local status, message = answer_of(result)
  if status == nil then
    return "review: the server gave no answer", vim.log.levels.ERROR
  end
  message = "review: " .. message
  if status == "reviewed" and (result.findings or 0) > 0 then
    message = message .. " (see the diagnostics, source steering-review)"
  end
  return message, REVIEW_LEVELS[status] or vim.log.levels.ERROR
end

-- Reviews lines first..last of the buffer (a range given to the command), else the whole
-- buffer, with the small reviewers; findings arrive as diagnostics.
function M.review(opts)
  opts = opts or {}
  local bufnr, client = attached(opts)
  if client == nil then
    return
  end
  local argument = { uri = vim.uri_from_bufnr(bufnr), callerShowsResult = true }
  local what = "the buffer"
  if opts.range and opts.range > 0 then
    argument.range = line_range(client, bufnr, opts.line1, opts.line2)
    what = string.format("lines %d-%d", opts.line1, opts.line2)
  end
  notify("reviewing " .. what .. " with small models...")
  execute(bufnr, SERVER_COMMANDS.review, argument, function(result)
    notify(M.describe_review_result(result))
  end)
end

function M.describe_accept_result(result)
  local status, message = answer_of(result)
  if status == nil then
    return "the server gave no answer to recording the findings", vim.log.levels.ERROR
  end
  return message, status == "recorded" and vim.log.levels.INFO or vim.log.levels.ERROR
end

-- Records the buffer's drift findings (with `workspace`, every file's) in the workspace's
-- baseline, .steering/baseline.json: diagnostics then show only drift that comes after.
function M.accept_findings(opts)
  opts = opts or {}
  local bufnr, client = attached(opts)
  if client == nil then
    return
  end
  local argument = { uri = vim.uri_from_bufnr(bufnr) }
  if opts.workspace then
    argument.workspace = true
  end
  notify("recording the drift findings of " .. (opts.workspace and "the workspace" or "the buffer") .. "...")
  execute(bufnr, SERVER_COMMANDS.acceptFindings, argument, function(result)
    notify(M.describe_accept_result(result))
  end)
end

local function show_markdown(title, markdown)
  vim.cmd("botright new")
  local buf = vim.api.nvim_get_current_buf()
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, vim.split(markdown, "\n", { plain = true }))
  vim.bo[buf].buftype = "nofile"
  vim.bo[buf].bufhidden = "wipe"
  vim.bo[buf].swapfile = false
  vim.bo[buf].modifiable = false
  vim.bo[buf].filetype = "markdown"
  pcall(vim.api.nvim_buf_set_name, buf, title)
end

local function markdown_handler(title)
  return function(result)
    if type(result) ~= "table" or type(result.markdown) ~= "string" then
      notify("the server's answer had no markdown to show", vim.log.levels.ERROR)
      return
    end
    show_markdown(title, result.markdown)
  end
end

-- Opens a scratch buffer with the rules that apply to the buffer's file, and why.
function M.show_rules(opts)
  local bufnr = (opts or {}).bufnr or vim.api.nvim_get_current_buf()
  local name = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ":t")
  execute(bufnr, SERVER_COMMANDS.showRules, { uri = vim.uri_from_bufnr(bufnr) }, markdown_handler("steering://rules/" .. name))
end

-- Opens a scratch buffer with the focused context a model would get (no model, no key).
function M.show_context(instruction, opts)
  opts = opts or {}
  local bufnr, client = attached(opts)
  if client == nil then
    return
  end
  local first, last = target_lines(client, bufnr, opts)
  local argument = { uri = vim.uri_from_bufnr(bufnr), range = line_range(client, bufnr, first, last) }
  if instruction and vim.trim(instruction) ~= "" then
    argument.instruction = vim.trim(instruction)
  end
  local name = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ":t")
  execute(bufnr, SERVER_COMMANDS.showContext, argument, markdown_handler("steering://context/" .. name))
end

local function create_commands()
  local create = vim.api.nvim_create_user_command
  create("SteeringAsk", function(opts)
    M.ask(opts.args, "small", opts)
  end, { nargs = "+", range = true, desc = "Steering: ask the small model to change the selection or function" })
  create("SteeringAskFrontier", function(opts)
    M.ask(opts.args, "frontier", opts)
  end, { nargs = "+", range = true, desc = "Steering: ask the frontier model" })
  create("SteeringRules", function()
    M.show_rules()
  end, { nargs = 0, desc = "Steering: the rules that apply to this file" })
  create("SteeringContext", function(opts)
    M.show_context(opts.args, opts)
  end, { nargs = "*", range = true, desc = "Steering: the context a model would get" })
  create("SteeringReview", function(opts)
    M.review(opts)
  end, { nargs = 0, range = true, desc = "Steering: review the range (or the buffer) with small models" })
  create("SteeringAcceptFindings", function(opts)
    M.accept_findings({ workspace = opts.bang })
  end, {
    nargs = 0,
    bang = true,
    desc = "Steering: record the buffer's drift findings (with !, the workspace's) in the baseline",
  })
end

-- The configuration in effect (a copy): the defaults with what setup() was given.
function M.config()
  return vim.deepcopy(config)
end

function M.setup(opts)
  config = vim.tbl_deep_extend("force", vim.deepcopy(defaults), opts or {})
  -- Lists replace the defaults rather than merging index by index.
  for _, key in ipairs({ "cmd", "root_markers", "filetypes" }) do
    if opts and opts[key] then
      config[key] = opts[key]
    end
  end
  create_commands()
  if config.cmd[1] == SERVER_NAME and vim.fn.executable(SERVER_NAME) == 0 then
    -- Not on PATH: the server `make install` put in this plugin's own checkout, if any.
    local server = checkout_server()
    if server then
      config.cmd = vim.list_extend({ server }, vim.list_slice(config.cmd, 2))
    end
  end
  if vim.fn.executable(config.cmd[1]) == 0 then
    notify("cannot run `" .. config.cmd[1] .. "`; " .. install_hint(), vim.log.levels.ERROR)
    return
  end
  if has_modern_config() then
    start_modern()
    return
  end
  local group = vim.api.nvim_create_augroup("steering", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      attach_legacy(args.buf)
    end,
  })
  -- Buffers opened before setup() ran.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype) then
      attach_legacy(bufnr)
    end
  end
end

return M
