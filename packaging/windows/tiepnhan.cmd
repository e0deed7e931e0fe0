@echo off
rem tiepnhan for Windows: the bundled Node.js runs this folder's tiepnhan. Takes exactly the
rem arguments of `npx tiepnhan` (start, report, simulate, hub, ...).
rem The console is switched to UTF-8 (code page 65001) while it runs, so Vietnamese shows and pipes
rem intact, then put back. node:sqlite is stable in use but still labelled experimental in Node 22:
rem its start-up warning is not shown.
setlocal
for /f "tokens=2 delims=:." %%c in ('chcp') do set "TIEPNHAN_OLD_CP=%%c"
chcp 65001 >nul
"%~dp0node.exe" --disable-warning=ExperimentalWarning --v8-pool-size=1 "%~dp0bin\tiepnhan.mjs" %*
set "TIEPNHAN_EXIT=%ERRORLEVEL%"
if defined TIEPNHAN_OLD_CP chcp %TIEPNHAN_OLD_CP% >nul
exit /b %TIEPNHAN_EXIT%
