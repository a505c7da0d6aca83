-- Drives headless Neovim through the steering plugin like a user would, and writes what
-- it saw as JSON for tests/clients/test_neovim.py to judge. Parameters come as JSON in
-- the file named by $STEERING_TEST_PARAMS: plugin_dir, cmd, settings (none: the minimal
-- set-up), file, out and scenario: "no-server", "startup" (until indexing ends), "editing"
-- (with hover_line, ask_line, instruction), "context" (with context_line, where the
-- cursor stands for :SteeringContext) or "review" (with review_lines, the range given to
-- :SteeringReview) or "accept" (:SteeringAcceptFindings once the buffer shows drift).
vim.g.loaded_python3_provider = 0

local params = vim.fn.json_decode(table.concat(vim.fn.readfile(os.getenv("STEERING_TEST_PARAMS")), "\n"))
local results = { notifications = {}, errors = {} }

vim.notify = function(message, level)
  table.insert(results.notifications, { message = message, level = level or vim.log.levels.INFO })
end

local function finish()
  vim.fn.writefile({ vim.fn.json_encode(results) }, params.out)
  vim.cmd("qall!")
end

local function step(name, run)
  local ok, err = pcall(run)
  if not ok then
    table.insert(results.errors, name .. ": " .. tostring(err))
  end
end

-- What the server shows (Neovim 0.7 writes warnings to the message area, not vim.notify),
-- and whether indexing has reported its end (the server speaks of settings before that).
results.serverMessages = {}
local show_message = vim.lsp.handlers["window/showMessage"]
vim.lsp.handlers["window/showMessage"] = function(err, result, ctx, config)
  table.insert(results.serverMessages, result and result.message or "")
  return show_message(err, result, ctx, config)
end
local progress = vim.lsp.handlers["$/progress"]
vim.lsp.handlers["$/progress"] = function(err, result, ctx, config)
  if result and type(result.value) == "table" and result.value.kind == "end" then
    results.progressEnded = true
  end
  return progress(err, result, ctx, config)
end

vim.opt.runtimepath:prepend(params.plugin_dir)
local steering = require("steering")
if params.settings == nil then
  steering.setup({ cmd = params.cmd }) -- the minimal set-up
else
  steering.setup({ cmd = params.cmd, settings = params.settings })
end
results.commands = {}
for _, command in ipairs({ "SteeringAsk", "SteeringAskFrontier", "SteeringRules", "SteeringContext", "SteeringReview", "SteeringAcceptFindings" }) do
  results.commands[command] = vim.fn.exists(":" .. command) == 2
end

vim.cmd("edit " .. vim.fn.fnameescape(params.file))
local buf = vim.api.nvim_get_current_buf()

local function attached_client()
  local clients = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = buf })
    or vim.tbl_values(vim.lsp.buf_get_clients(buf))
  for _, client in ipairs(clients) do
    if client.name == "steering" and client.server_capabilities and next(client.server_capabilities) then
      return client
    end
  end
  return nil
end

if params.scenario == "no-server" then
  -- An answer that already names the server (as older servers' did) is not prefixed twice.
  results.described = steering.describe_ask_result({ status = "no-key", message = "steering: no key" })
  step("rules without a server", function()
    vim.cmd("SteeringRules")
  end)
  results.attached = attached_client() ~= nil
  finish()
  return
end

local function server_quit()
  for _, notification in ipairs(results.notifications) do
    if notification.message:match("quit with exit code") then
      return true
    end
  end
  return false
end
vim.wait(20000, function()
  return attached_client() ~= nil or server_quit()
end, 50)
results.attached = attached_client() ~= nil
if not results.attached then
  table.insert(results.errors, "the steering server never attached to " .. params.file .. "; " .. vim.inspect(results.notifications))
  finish()
  return
end
local client = attached_client()
results.executeCommands = (client.server_capabilities.executeCommandProvider or {}).commands or {}
results.initOptions = vim.fn.json_encode(client.config.init_options)
results.rootDir = client.config.root_dir

if params.scenario == "startup" then
  vim.wait(20000, function()
    return results.progressEnded
  end, 50)
  finish()
  return
end

local text_document = { uri = vim.uri_from_bufnr(buf) }

-- The markdown buffer a command opened, once it is there.
local function opened_markdown()
  vim.wait(10000, function()
    return vim.bo.filetype == "markdown" and vim.api.nvim_get_current_buf() ~= buf
  end, 50)
  if vim.api.nvim_get_current_buf() == buf then
    return nil, nil
  end
  return table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n"), vim.api.nvim_buf_get_name(0)
end

-- What the plugin sends, as the server receives it.
local function record_commands()
  results.sentCommands = {}
  local send = client.request
  client.request = function(method, request_params, ...)
    if method == "workspace/executeCommand" then
      table.insert(results.sentCommands, request_params)
    end
    return send(method, request_params, ...)
  end
end

if params.scenario == "review" then
  step("review", function()
    record_commands()
    local first, last = params.review_lines[1], params.review_lines[2]
    vim.cmd(string.format("%d,%dSteeringReview", first, last))
    vim.wait(20000, function()
      for _, note in ipairs(results.notifications) do
        if note.message:match("^Steering: review: ") then
          results.reviewAnswer = note.message
          return true
        end
      end
      return false
    end, 50)
    local function reviewed()
      local found = {}
      for _, diagnostic in ipairs(vim.diagnostic.get(buf)) do
        if diagnostic.source == "steering-review" then
          table.insert(found, { lnum = diagnostic.lnum, message = diagnostic.message })
        end
      end
      return found
    end
    vim.wait(5000, function()
      return #reviewed() > 0
    end, 50)
    results.reviewDiagnostics = reviewed()
  end)
  finish()
  return
end

if params.scenario == "accept" then
  step("accept", function()
    record_commands()
    local function drift()
      local found = {}
      for _, diagnostic in ipairs(vim.diagnostic.get(buf)) do
        if diagnostic.source ~= "steering-review" then
          table.insert(found, diagnostic.message)
        end
      end
      return found
    end
    vim.wait(20000, function()
      return #drift() > 0
    end, 50)
    results.driftBefore = drift()
    vim.cmd("SteeringAcceptFindings")
    vim.wait(20000, function()
      for _, note in ipairs(results.notifications) do
        if note.message:match("^Steering: the baseline") or note.message:match("failed") then
          results.acceptAnswer = note.message
          return true
        end
      end
      return false
    end, 50)
    vim.wait(5000, function()
      return #drift() == 0
    end, 50)
    results.driftAfter = drift()
  end)
  finish()
  return
end

if params.scenario == "context" then
  step("context", function()
    record_commands()
    vim.api.nvim_win_set_cursor(0, { params.context_line, 0 })
    vim.cmd("SteeringContext")
    results.contextBuffer, results.contextBufferName = opened_markdown()
  end)
  finish()
  return
end

step("hover", function()
  local line = vim.api.nvim_buf_get_lines(buf, params.hover_line - 1, params.hover_line, false)[1]
  local position = { line = params.hover_line - 1, character = #line:match("^%s*def ") + 2 }
  local responses = vim.lsp.buf_request_sync(buf, "textDocument/hover", {
    textDocument = text_document,
    position = position,
  }, 10000)
  local response = responses and responses[client.id]
  local contents = response and response.result and response.result.contents
  results.hover = type(contents) == "table" and (contents.value or vim.inspect(contents)) or contents
end)

step("code actions", function()
  local last = vim.api.nvim_buf_line_count(buf)
  local responses = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", {
    textDocument = text_document,
    range = { start = { line = params.hover_line - 1, character = 0 }, ["end"] = { line = last - 1, character = 0 } },
    context = { diagnostics = {} },
  }, 10000)
  local response = responses and responses[client.id]
  results.codeActions = {}
  for _, action in ipairs(response and response.result or {}) do
    local command = type(action.command) == "table" and action.command.command or action.command
    table.insert(results.codeActions, { title = action.title, kind = action.kind, command = command })
  end
end)

step("ask", function()
  results.lineBeforeAsk = vim.api.nvim_buf_get_lines(buf, params.ask_line - 1, params.ask_line, false)[1]
  local seen = #results.notifications
  vim.cmd(string.format("%d,%dSteeringAsk %s", params.ask_line, params.ask_line, params.instruction))
  local function settled()
    for index = seen + 1, #results.notifications do
      local message = results.notifications[index].message
      if message:match("^Steering: ") and not message:match("asking the") then
        results.askAnswer = message
        return true
      end
    end
    return false
  end
  vim.wait(20000, settled, 50)
  -- The edit arrives as workspace/applyEdit before the command's answer; allow both to land.
  vim.wait(2000, function()
    return vim.api.nvim_buf_get_lines(buf, params.ask_line - 1, params.ask_line, false)[1] ~= results.lineBeforeAsk
  end, 50)
  results.lineAfterAsk = vim.api.nvim_buf_get_lines(buf, params.ask_line - 1, params.ask_line, false)[1]
end)

step("rules", function()
  vim.cmd("SteeringRules")
  results.rulesBuffer, results.rulesBufferName = opened_markdown()
end)

finish()
