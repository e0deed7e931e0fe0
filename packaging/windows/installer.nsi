; The tiepnhan installer for Windows x64 reception PCs (built on Linux by packaging/windows/build.ts
; with Debian's makensis; Wine there is 64-bit only, hence amd64-unicode).
;   setup.exe                      asks where, installs, starts the service
;   setup.exe /S [/PORT=7300] [/D=C:\path]   silent, for many desks (/D last, without quotes)
; Program files go under Program Files; configuration, data and logs under %ProgramData%\tiepnhan,
; which an upgrade or an uninstall never deletes (uninstall asks; silent uninstall keeps them).
; The service is NSSM running node.exe: starts at boot, restarted 5 s after a failure.
; The daemon listens on loopback only; the firewall is left as it is.
;
; Defines from the build: VERSION, SOURCE (the staged program folder), OUTFILE.

Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel admin
ManifestSupportedOS all

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include WordFunc.nsh

!define SERVICE "tiepnhan"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\tiepnhan"

Name "tiepnhan ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\tiepnhan"
InstallDirRegKey HKLM "Software\tiepnhan" "InstallDir"
BrandingText "tiepnhan ${VERSION}"

!define MUI_ABORTWARNING
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_TEXT "Mở trang tiếp nhận / Open the reception page"
!define MUI_FINISHPAGE_RUN_FUNCTION OpenReceptionPage
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Vietnamese"
!insertmacro MUI_LANGUAGE "English"

Var DataRoot
Var Port

Function .onInit
  SetShellVarContext all
  SetRegView 64
  ${GetParameters} $R0
  ${GetOptions} $R0 "/PORT=" $Port
  ${If} $Port == ""
    StrCpy $Port "7300"
  ${EndIf}
FunctionEnd

Function un.onInit
  SetShellVarContext all
  SetRegView 64
FunctionEnd

Function OpenReceptionPage
  ExecShell "open" "http://127.0.0.1:$Port/"
FunctionEnd

; nssm.exe of this install with the given arguments; the exit code in $0.
!macro Nssm ARGS
  nsExec::ExecToLog '"$INSTDIR\service\nssm.exe" ${ARGS}'
  Pop $0
!macroend

Section "tiepnhan"
  StrCpy $DataRoot "$APPDATA\tiepnhan"

  ; An upgrade: stop the running copy before its files are replaced (node.exe is locked while it runs).
  ${If} ${FileExists} "$INSTDIR\service\nssm.exe"
    !insertmacro Nssm 'stop ${SERVICE}'
  ${EndIf}
  RMDir /r "$INSTDIR\dist"
  RMDir /r "$INSTDIR\node_modules"
  RMDir /r "$INSTDIR\kiosk-ui"
  RMDir /r "$INSTDIR\bin"

  SetOutPath "$INSTDIR"
  File /r "${SOURCE}\*"

  ; Configuration, data and logs: readable by SYSTEM (the service) and administrators only, since the
  ; data folder holds patient details. An existing config.json is never overwritten.
  CreateDirectory "$DataRoot\data"
  CreateDirectory "$DataRoot\logs"
  nsExec::ExecToLog 'icacls "$DataRoot" /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F'
  Pop $0
  ${IfNot} ${FileExists} "$DataRoot\config.json"
    ${WordReplace} "$DataRoot" "\" "/" "+" $R1
    FileOpen $R0 "$DataRoot\config.json" w
    FileWrite $R0 '{$\r$\n'
    FileWrite $R0 '  "port": $Port,$\r$\n'
    FileWrite $R0 '  "dataDir": "$R1/data",$\r$\n'
    FileWrite $R0 '  "log": { "file": "$R1/logs/tiepnhan.log" }$\r$\n'
    FileWrite $R0 '}$\r$\n'
    FileClose $R0
  ${EndIf}

  ; The service: NSSM runs node.exe from the program folder with the configuration above.
  !insertmacro Nssm 'status ${SERVICE}'
  ${If} $0 != 0
    !insertmacro Nssm 'install ${SERVICE} "$INSTDIR\node.exe"'
  ${EndIf}
  !insertmacro Nssm 'set ${SERVICE} Application "$INSTDIR\node.exe"'
  !insertmacro Nssm 'set ${SERVICE} AppDirectory "$INSTDIR"'
  !insertmacro Nssm 'set ${SERVICE} AppParameters "--disable-warning=ExperimentalWarning --max-semi-space-size=1 --v8-pool-size=1 bin\tiepnhan.mjs start --config \"$DataRoot\config.json\""'
  !insertmacro Nssm 'set ${SERVICE} DisplayName "tiepnhan - tiep nhan nguoi benh (reception desk)"'
  !insertmacro Nssm 'set ${SERVICE} Description "Reads CCCD QR codes from the desk scanners, checks BHYT eligibility, counts accesses. http://127.0.0.1:$Port/"'
  !insertmacro Nssm 'set ${SERVICE} Start SERVICE_AUTO_START'
  !insertmacro Nssm 'set ${SERVICE} AppExit Default Restart'
  !insertmacro Nssm 'set ${SERVICE} AppRestartDelay 5000'
  ; NSSM 2.24 cannot give the program a console on Windows 10 1703 and later: without this the service
  ; may not start. The daemon logs to its own rotated file; the wrapper's file keeps crash output.
  !insertmacro Nssm 'set ${SERVICE} AppNoConsole 1'
  !insertmacro Nssm 'set ${SERVICE} AppStdout "$DataRoot\logs\service-output.log"'
  !insertmacro Nssm 'set ${SERVICE} AppStderr "$DataRoot\logs\service-output.log"'
  !insertmacro Nssm 'set ${SERVICE} AppRotateFiles 1'
  !insertmacro Nssm 'set ${SERVICE} AppRotateOnline 1'
  !insertmacro Nssm 'set ${SERVICE} AppRotateBytes 1048576'
  !insertmacro Nssm 'start ${SERVICE}'

  ; Start menu: the pages, the kiosk in Edge, the data folder.
  CreateDirectory "$SMPROGRAMS\tiepnhan"
  WriteINIStr "$SMPROGRAMS\tiepnhan\Tiếp nhận - quầy (reception).url" "InternetShortcut" "URL" "http://127.0.0.1:$Port/"
  WriteINIStr "$SMPROGRAMS\tiepnhan\Kỹ thuật (technician).url" "InternetShortcut" "URL" "http://127.0.0.1:$Port/tech"
  WriteINIStr "$SMPROGRAMS\tiepnhan\Báo cáo (reports).url" "InternetShortcut" "URL" "http://127.0.0.1:$Port/reports"
  CreateShortCut "$SMPROGRAMS\tiepnhan\Kiosk (Edge).lnk" "$INSTDIR\kiosk-edge.cmd" "http://127.0.0.1:$Port/kiosk"
  CreateShortCut "$SMPROGRAMS\tiepnhan\Thư mục dữ liệu (data and logs).lnk" "$DataRoot"

  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKLM "Software\tiepnhan" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "Software\tiepnhan" "DataDir" "$DataRoot"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "tiepnhan"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "tiepnhan"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  StrCpy $DataRoot "$APPDATA\tiepnhan"
  !insertmacro Nssm 'stop ${SERVICE}'
  !insertmacro Nssm 'remove ${SERVICE} confirm'

  RMDir /r "$INSTDIR\dist"
  RMDir /r "$INSTDIR\node_modules"
  RMDir /r "$INSTDIR\kiosk-ui"
  RMDir /r "$INSTDIR\bin"
  RMDir /r "$INSTDIR\service"
  Delete "$INSTDIR\node.exe"
  Delete "$INSTDIR\tiepnhan.cmd"
  Delete "$INSTDIR\kiosk-edge.cmd"
  Delete "$INSTDIR\README-Windows.txt"
  Delete "$INSTDIR\LICENSE"
  Delete "$INSTDIR\package.json"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  RMDir /r "$SMPROGRAMS\tiepnhan"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  DeleteRegKey HKLM "Software\tiepnhan"

  ; Data stays unless the person says otherwise; a silent uninstall (/S) always keeps it.
  MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 "Xoá cả dữ liệu, cấu hình và nhật ký trong $DataRoot?$\r$\n(Không: giữ lại để cài lại hoặc sao lưu.)$\r$\n$\r$\nAlso delete the data, configuration and logs in $DataRoot?$\r$\n(No: keep them for a reinstall or a backup.)" /SD IDNO IDYES removeData
  Goto done
  removeData:
    RMDir /r "$DataRoot"
  done:
SectionEnd
