@echo off
rem Opens a tiepnhan page full screen in Microsoft Edge (every Windows 10/11 has it).
rem   kiosk-edge.cmd            the self-service kiosk, http://127.0.0.1:7300/kiosk
rem   kiosk-edge.cmd URL        another page, e.g. http://127.0.0.1:7300/?desk=desk-2
rem --kiosk-printing prints queue tickets on the default printer without a dialog (set the ticket
rem printer as the default printer first). Alt+F4 leaves the kiosk.
setlocal
set "URL=%~1"
if "%URL%"=="" set "URL=http://127.0.0.1:7300/kiosk"
start "" msedge --kiosk "%URL%" --edge-kiosk-type=fullscreen --kiosk-printing --no-first-run
