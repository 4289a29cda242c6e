<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../attract.py" line="57" />
        <source>服务目录暂不可用，请联系工作人员。</source>
        <translation>The service catalogue is unavailable. Please ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../attract.py" line="77" />
        <source>欢迎使用政务服务自助终端</source>
        <translation>Welcome to the government self-service terminal</translation>
    </message>
    <message>
        <location filename="../attract.py" line="78" />
        <source>请选择要办理的事项，或触摸“开始办理”</source>
        <translation>Choose a service, or touch "Start"</translation>
    </message>
    <message>
        <location filename="../attract.py" line="79" />
        <source>开始办理</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../attract.py" line="80" />
        <source>支持身份证、社保卡、刷脸、政务App扫码登录</source>
        <translation>Sign in with your ID card, social security card, face, or the government app's QR code</translation>
    </message>
</context>
<context>
    <name>CatalogScreen</name>
    <message>
        <location filename="../catalog.py" line="66" />
        <source>选择办理事项</source>
        <translation>Choose a service</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="69" />
        <source>请选择要办理的事项。</source>
        <translation>Please choose a service.</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="74" />
        <source>您好，%1</source>
        <translation>Hello, %1</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="90" />
        <location filename="../catalog.py" line="133" />
        <source>热门事项</source>
        <translation>Popular services</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="127" />
        <source>搜索“%1”的结果</source>
        <translation>Results for "%1"</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="140" />
        <source>没有找到相关事项，请换个关键词</source>
        <translation>Nothing found, try another keyword</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="154" />
        <source>输入事项名称拼音首字母，如 wfz</source>
        <translation>Type the pinyin initials of a service, e.g. wfz</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="155" />
        <source>搜索</source>
        <translation>Search</translation>
    </message>
</context>
<context>
    <name>DeviceTile</name>
    <message>
        <location filename="../admin.py" line="140" />
        <source>测试</source>
        <translation>Test</translation>
    </message>
</context>
<context>
    <name>DiagnosticsScreen</name>
    <message>
        <location filename="../admin.py" line="207" />
        <source>设备诊断</source>
        <translation>Device diagnostics</translation>
    </message>
    <message>
        <location filename="../admin.py" line="208" />
        <source>退出维护</source>
        <translation>Leave maintenance</translation>
    </message>
    <message>
        <location filename="../admin.py" line="232" />
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../admin.py" line="234" />
        <source>导出诊断包</source>
        <translation>Export diagnostics</translation>
    </message>
    <message>
        <location filename="../admin.py" line="258" />
        <source>技术维护</source>
        <translation>Maintenance</translation>
    </message>
    <message>
        <location filename="../admin.py" line="287" />
        <source>待上传：%1 件</source>
        <translation>Waiting to upload: %1</translation>
    </message>
    <message>
        <location filename="../admin.py" line="298" />
        <source>平台：检测失败</source>
        <translation>Platform: check failed</translation>
    </message>
    <message>
        <location filename="../admin.py" line="303" />
        <source>平台：可达，延迟 %1 ms</source>
        <translation>Platform: reachable, %1 ms</translation>
    </message>
    <message>
        <location filename="../admin.py" line="306" />
        <source>平台：不可达</source>
        <translation>Platform: unreachable</translation>
    </message>
    <message>
        <location filename="../admin.py" line="327" />
        <source>测试中…</source>
        <translation>Testing…</translation>
    </message>
    <message>
        <location filename="../admin.py" line="334" />
        <source>请放置身份证，读卡结果将显示在此（已脱敏）</source>
        <translation>Place an ID card; the result shows here (masked)</translation>
    </message>
    <message>
        <location filename="../admin.py" line="335" />
        <source>请插入社保卡，读卡结果将显示在此（已脱敏）</source>
        <translation>Insert a social security card; the result shows here (masked)</translation>
    </message>
    <message>
        <location filename="../admin.py" line="336" />
        <source>请扫描任意二维码，结果将显示在此（已脱敏）</source>
        <translation>Scan any QR code; the result shows here (masked)</translation>
    </message>
    <message>
        <location filename="../admin.py" line="366" />
        <source>检测到人脸：%1</source>
        <translation>Faces detected: %1</translation>
    </message>
    <message>
        <location filename="../admin.py" line="369" />
        <source>已拍摄测试画面</source>
        <translation>Test picture captured</translation>
    </message>
    <message>
        <location filename="../admin.py" line="374" />
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../admin.py" line="378" />
        <source>导出失败：</source>
        <translation>Export failed: </translation>
    </message>
    <message>
        <location filename="../admin.py" line="380" />
        <source>已导出：</source>
        <translation>Exported: </translation>
    </message>
</context>
<context>
    <name>FaceLoginScreen</name>
    <message>
        <location filename="../face_login.py" line="48" />
        <source>刷脸登录</source>
        <extracomment>Face guide: an ellipse centred in the preview, as fractions of its width/height.</extracomment>
        <translation>Face sign-in</translation>
    </message>
    <message>
        <location filename="../face_login.py" line="51" />
        <source>请稍候</source>
        <translation>Please wait</translation>
    </message>
    <message>
        <location filename="../face_login.py" line="85" />
        <source>使用其他方式登录</source>
        <translation>Use another way to sign in</translation>
    </message>
    <message>
        <location filename="../face_login.py" line="87" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../face_login.py" line="113" />
        <source>请稍候，正在准备人脸核验</source>
        <translation>Please wait, preparing face verification</translation>
    </message>
    <message numerus="yes">
        <location filename="../face_login.py" line="169" />
        <source>还可尝试 %n 次</source>
        <translation><numerusform>%n tries left</numerusform></translation>
    </message>
</context>
<context>
    <name>FormScreen</name>
    <message>
        <location filename="../form.py" line="77" />
        <source>填写信息</source>
        <translation>Fill in the form</translation>
    </message>
    <message>
        <location filename="../form.py" line="80" />
        <source>请核对并填写信息，带锁的内容已自动填好。</source>
        <translation>Please check and complete the form; verified fields are filled in for you.</translation>
    </message>
    <message>
        <location filename="../form.py" line="101" />
        <source>（选填）</source>
        <translation> (optional)</translation>
    </message>
    <message>
        <location filename="../form.py" line="129" />
        <source>已自动填写，不可修改</source>
        <translation>Filled in automatically, cannot be changed</translation>
    </message>
    <message>
        <location filename="../form.py" line="130" />
        <source>已核验</source>
        <translation>Verified</translation>
    </message>
    <message>
        <location filename="../form.py" line="147" />
        <source>11 位手机号码</source>
        <translation>11-digit mobile number</translation>
    </message>
    <message>
        <location filename="../form.py" line="149" />
        <source>如 2026-01-31</source>
        <translation>e.g. 2026-01-31</translation>
    </message>
    <message>
        <location filename="../form.py" line="150" />
        <source>点击输入</source>
        <translation>Tap to type</translation>
    </message>
    <message>
        <location filename="../form.py" line="198" />
        <source>下一步</source>
        <translation>Next</translation>
    </message>
</context>
<context>
    <name>GoodbyeScreen</name>
    <message>
        <location filename="../goodbye.py" line="53" />
        <source>感谢使用，请取回您的证件和凭条。</source>
        <translation>Thank you. Please take your card and receipt.</translation>
    </message>
    <message>
        <location filename="../goodbye.py" line="61" />
        <source>感谢使用，再见</source>
        <translation>Thank you, goodbye</translation>
    </message>
    <message>
        <location filename="../goodbye.py" line="63" />
        <source>长时间未操作，已为您退出。</source>
        <translation>You were signed out after a period of inactivity.</translation>
    </message>
    <message>
        <location filename="../goodbye.py" line="64" />
        <source>证件已取走，已为您退出。</source>
        <translation>Your card was removed, so you were signed out.</translation>
    </message>
    <message>
        <location filename="../goodbye.py" line="65" />
        <source>您已退出办理。</source>
        <translation>You have signed out.</translation>
    </message>
    <message>
        <location filename="../goodbye.py" line="66" />
        <source>业务已办理完成。</source>
        <translation>Your application is complete.</translation>
    </message>
    <message>
        <location filename="../goodbye.py" line="69" />
        <source>请取回您的证件和凭条。您的个人信息已从本机清除。</source>
        <translation>Please take your card and receipt. Your personal data has been cleared from this terminal.</translation>
    </message>
    <message>
        <location filename="../goodbye.py" line="70" />
        <source>返回首页</source>
        <translation>Home</translation>
    </message>
</context>
<context>
    <name>GuideScreen</name>
    <message>
        <location filename="../guide.py" line="46" />
        <source>办事指南</source>
        <translation>Service guide</translation>
    </message>
    <message>
        <location filename="../guide.py" line="49" />
        <source>请阅读办事指南，确认后点击开始填写。</source>
        <translation>Please read the guide, then tap "Fill in the form".</translation>
    </message>
    <message>
        <location filename="../guide.py" line="64" />
        <source>办理条件</source>
        <translation>Conditions</translation>
    </message>
    <message>
        <location filename="../guide.py" line="67" />
        <source>（可用电子证照免交）</source>
        <translation> (not needed if you have the e-licence)</translation>
    </message>
    <message>
        <location filename="../guide.py" line="69" />
        <source>所需材料</source>
        <translation>Required materials</translation>
    </message>
    <message>
        <location filename="../guide.py" line="69" />
        <source>无需提交纸质材料</source>
        <translation>No paper documents needed</translation>
    </message>
    <message>
        <location filename="../guide.py" line="70" />
        <source>办理时限</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <location filename="../guide.py" line="71" />
        <source>收费标准</source>
        <translation>Fee</translation>
    </message>
    <message>
        <location filename="../guide.py" line="72" />
        <source>结果送达</source>
        <translation>How you get the result</translation>
    </message>
    <message>
        <location filename="../guide.py" line="73" />
        <source>设定依据</source>
        <translation>Legal basis</translation>
    </message>
    <message>
        <location filename="../guide.py" line="75" />
        <source>温馨提示</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../guide.py" line="83" />
        <source>开始填写</source>
        <translation>Fill in the form</translation>
    </message>
</context>
<context>
    <name>IdentifyController</name>
    <message>
        <location filename="../../kiosk/ui/controllers/identify.py" line="129" />
        <source>证件已取走，登录已取消。请重新放置证件。</source>
        <extracomment>A login was cancelled (card lifted): the screen drops a face check in progress. How long the identify screen shows the masked identity before moving on. How long to wait for the reader's next presence probe at the moment of acceptance (it probes every 0.3 s; generous for a loaded terminal). The identity number of the accepted card (to recognise it during the grace). The resident chose 刷脸登录: the next card read is followed by a face check.</extracomment>
        <translation>The card was taken away, so sign-in was cancelled. Please place your card again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/identify.py" line="160" />
        <source>读卡失败，请重新放置。</source>
        <translation>The card could not be read. Please place it again.</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <location filename="../identify.py" line="133" />
        <source>身份识别</source>
        <translation>Identification</translation>
    </message>
    <message>
        <location filename="../identify.py" line="136" />
        <source>请将身份证或社保卡放在感应区。</source>
        <translation>Please place your ID card or social security card on the reader.</translation>
    </message>
    <message>
        <location filename="../identify.py" line="145" />
        <source>刷脸登录：请先将身份证放在感应区</source>
        <translation>Face sign-in: first place your ID card on the reader</translation>
    </message>
    <message>
        <location filename="../identify.py" line="146" />
        <source>读取证件后请看向摄像头，按提示眨眼</source>
        <translation>After the card is read, look at the camera and blink when asked</translation>
    </message>
    <message>
        <location filename="../identify.py" line="173" />
        <source>人脸核验暂不可用，请使用其他方式登录</source>
        <translation>Face verification is unavailable; please use another way to sign in</translation>
    </message>
    <message>
        <location filename="../identify.py" line="188" />
        <source>人脸核验未通过</source>
        <translation>Face verification failed</translation>
    </message>
    <message>
        <location filename="../identify.py" line="216" />
        <source>请将身份证或社保卡放在感应区</source>
        <translation>Place your ID card or social security card on the reader</translation>
    </message>
    <message>
        <location filename="../identify.py" line="217" />
        <source>也可以选择刷脸登录或政务App扫码登录</source>
        <translation>You can also sign in with your face or the government app's QR code</translation>
    </message>
    <message>
        <location filename="../identify.py" line="222" />
        <source>正在读取证件，请勿移动…</source>
        <translation>Reading your card, please hold still…</translation>
    </message>
    <message>
        <location filename="../identify.py" line="227" />
        <source>识别成功：%1</source>
        <translation>Identified: %1</translation>
    </message>
    <message>
        <location filename="../identify.py" line="233" />
        <source>请取回证件后重试，或联系工作人员</source>
        <translation>Take your card and try again, or ask a member of staff</translation>
    </message>
    <message>
        <location filename="../identify.py" line="250" />
        <source>请出示证件</source>
        <translation>Show your ID</translation>
    </message>
    <message>
        <location filename="../identify.py" line="251" />
        <source>刷脸登录</source>
        <translation>Face sign-in</translation>
    </message>
    <message>
        <location filename="../identify.py" line="252" />
        <source>扫码登录</source>
        <translation>QR sign-in</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <location filename="../idle_overlay.py" line="41" />
        <source>%1 秒后将退出并清除您的信息</source>
        <translation>In %1 s you will be signed out and your data cleared</translation>
    </message>
    <message>
        <location filename="../idle_overlay.py" line="49" />
        <source>您还在办理吗？</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <location filename="../idle_overlay.py" line="50" />
        <source>继续办理</source>
        <translation>Continue</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="374" />
        <source>%1 秒后自动退出</source>
        <extracomment>Long press on the header's top-left corner opens the technician PIN pad.</extracomment>
        <translation>Automatic exit in %1 s</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="382" />
        <source>长辈模式</source>
        <translation>Senior mode</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="383" />
        <source>语音播报</source>
        <translation>Voice</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="384" />
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="385" />
        <source>退出</source>
        <translation>Exit</translation>
    </message>
</context>
<context>
    <name>MaterialsScreen</name>
    <message>
        <location filename="../materials.py" line="188" />
        <source>请拍摄申请材料</source>
        <extracomment>JPEG pages as bytearrays so that the wipe can zero them. Small previews of the pages (QPixmap), shown in the page strip.</extracomment>
        <translation>Capture your documents</translation>
    </message>
    <message>
        <location filename="../materials.py" line="190" />
        <source>请将材料平放在高拍仪下方，保持不动即可自动拍摄；也可点击“拍照”。</source>
        <translation>Lay the document flat under the document camera and hold still to capture automatically, or tap "Capture".</translation>
    </message>
    <message>
        <location filename="../materials.py" line="214" />
        <source>重拍</source>
        <translation>Retake</translation>
    </message>
    <message>
        <location filename="../materials.py" line="215" />
        <source>使用此页</source>
        <translation>Use this page</translation>
    </message>
    <message>
        <location filename="../materials.py" line="225" />
        <source>所需材料</source>
        <translation>Required materials</translation>
    </message>
    <message>
        <location filename="../materials.py" line="236" />
        <source>删除所选页</source>
        <translation>Delete selected page</translation>
    </message>
    <message>
        <location filename="../materials.py" line="245" />
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../materials.py" line="246" />
        <source>拍照</source>
        <translation>Capture</translation>
    </message>
    <message>
        <location filename="../materials.py" line="247" />
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../materials.py" line="290" />
        <source>正在拍摄，请稍候…</source>
        <translation>Capturing, please wait…</translation>
    </message>
    <message>
        <location filename="../materials.py" line="323" />
        <source>请先选择要删除的页面。</source>
        <translation>Select a page to delete first.</translation>
    </message>
    <message>
        <location filename="../materials.py" line="334" />
        <source>还缺少材料：</source>
        <translation>Still missing: </translation>
    </message>
    <message>
        <location filename="../materials.py" line="345" />
        <source>正在整理材料，请稍候…</source>
        <translation>Preparing your materials, please wait…</translation>
    </message>
    <message>
        <location filename="../materials.py" line="357" />
        <source>请将材料放入拍摄区域</source>
        <translation>Place the document in the capture area</translation>
    </message>
    <message>
        <location filename="../materials.py" line="358" />
        <source>请保持材料不动</source>
        <translation>Keep the document still</translation>
    </message>
    <message>
        <location filename="../materials.py" line="359" />
        <source>保持不动，即将自动拍摄…</source>
        <translation>Hold still, capturing automatically…</translation>
    </message>
    <message>
        <location filename="../materials.py" line="360" />
        <source>正在拍摄…</source>
        <translation>Capturing…</translation>
    </message>
    <message>
        <location filename="../materials.py" line="361" />
        <source>已拍摄，可放入下一页</source>
        <translation>Captured. Place the next page.</translation>
    </message>
    <message>
        <location filename="../materials.py" line="364" />
        <source>请点击“拍照”</source>
        <translation>Tap "Capture"</translation>
    </message>
    <message>
        <location filename="../materials.py" line="385" />
        <source>未识别到材料边缘，已保留整幅画面。</source>
        <translation>No page edge found; the whole picture was kept.</translation>
    </message>
    <message>
        <location filename="../materials.py" line="389" />
        <source>请确认本页清晰完整。</source>
        <translation>Check that the page is clear and complete.</translation>
    </message>
    <message>
        <location filename="../materials.py" line="407" />
        <source>高拍仪暂时没有画面，请稍候或联系工作人员。</source>
        <translation>The document camera shows no picture yet. Please wait or ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../materials.py" line="426" />
        <source>材料已整理：</source>
        <translation>Materials ready: </translation>
    </message>
    <message>
        <location filename="../materials.py" line="452" />
        <source>（可选）</source>
        <translation> (optional)</translation>
    </message>
    <message>
        <location filename="../materials.py" line="465" />
        <source>第</source>
        <translation>Page</translation>
    </message>
    <message>
        <location filename="../materials.py" line="465" />
        <location filename="../materials.py" line="469" />
        <source>页</source>
        <translation>page</translation>
    </message>
</context>
<context>
    <name>MaterialsStep</name>
    <message>
        <location filename="../steps.py" line="62" />
        <source>拍摄材料</source>
        <translation>Scan documents</translation>
    </message>
    <message>
        <location filename="../steps.py" line="65" />
        <source>请将材料平放在高拍仪下方。</source>
        <translation>Lay your document flat under the document camera.</translation>
    </message>
    <message>
        <location filename="../steps.py" line="79" />
        <source>高拍仪不可用，请到窗口提交材料。</source>
        <translation>The document camera is unavailable. Please hand in your documents at a counter.</translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <location filename="../keyboard.py" line="139" />
        <source>完成</source>
        <extracomment>A key was pressed or a target attached: the page keeps the target in view.</extracomment>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>PackageOverlay</name>
    <message>
        <location filename="../package_overlay.py" line="108" />
        <source>正在检查配置包……</source>
        <translation>Checking the configuration package…</translation>
    </message>
    <message>
        <location filename="../package_overlay.py" line="128" />
        <source>检查全部通过：配置包 %1（版本 %2）可以应用。</source>
        <translation>All checks passed: package %1 (version %2) can be applied.</translation>
    </message>
    <message>
        <location filename="../package_overlay.py" line="139" />
        <source>已拒绝，未做任何更改。未通过的检查：%1——%2</source>
        <translation>Refused, nothing changed. Failed check: %1 — %2</translation>
    </message>
    <message>
        <location filename="../package_overlay.py" line="150" />
        <source>已应用（%1）。新配置将在当前业务结束后生效。</source>
        <translation>Applied (%1). The new configuration takes effect after the current session.</translation>
    </message>
    <message>
        <location filename="../package_overlay.py" line="157" />
        <source>应用失败，原配置继续使用：%1</source>
        <translation>Apply failed, the previous configuration stays: %1</translation>
    </message>
    <message>
        <location filename="../package_overlay.py" line="168" />
        <source>正在应用……</source>
        <translation>Applying…</translation>
    </message>
    <message>
        <location filename="../package_overlay.py" line="176" />
        <source>配置包（现场人员）</source>
        <translation>Configuration package (field staff)</translation>
    </message>
    <message>
        <location filename="../package_overlay.py" line="177" />
        <source>应用配置</source>
        <translation>Apply configuration</translation>
    </message>
    <message>
        <location filename="../package_overlay.py" line="178" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../admin.py" line="57" />
        <source>技术维护：请输入维护密码</source>
        <translation>Maintenance: enter the technician PIN</translation>
    </message>
    <message>
        <location filename="../admin.py" line="71" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../admin.py" line="74" />
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../admin.py" line="113" />
        <source>本终端尚未设置维护密码，请用配置包设置后再试</source>
        <translation>No maintenance PIN has been set on this terminal yet. Set one with a configuration package, then try again.</translation>
    </message>
    <message>
        <location filename="../admin.py" line="117" />
        <source>错误次数过多，已锁定 %1 分钟</source>
        <translation>Too many wrong PINs, locked for %1 min</translation>
    </message>
    <message>
        <location filename="../admin.py" line="121" />
        <source>密码错误，还可尝试 %1 次</source>
        <translation>Wrong PIN, %1 tries left</translation>
    </message>
</context>
<context>
    <name>RatingScreen</name>
    <message>
        <location filename="../rating.py" line="64" />
        <source>服务评价</source>
        <translation>Rate the service</translation>
    </message>
    <message>
        <location filename="../rating.py" line="67" />
        <source>请为本次服务评价。</source>
        <translation>Please rate this service.</translation>
    </message>
    <message>
        <location filename="../rating.py" line="99" />
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <location filename="../rating.py" line="100" />
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <location filename="../rating.py" line="101" />
        <source>基本满意</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <location filename="../rating.py" line="102" />
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <location filename="../rating.py" line="103" />
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <location filename="../rating.py" line="108" />
        <source>办理效率低</source>
        <translation>Too slow</translation>
    </message>
    <message>
        <location filename="../rating.py" line="109" />
        <source>操作不便</source>
        <translation>Hard to use</translation>
    </message>
    <message>
        <location filename="../rating.py" line="110" />
        <source>指南不清楚</source>
        <translation>Guide unclear</translation>
    </message>
    <message>
        <location filename="../rating.py" line="111" />
        <source>设备故障</source>
        <translation>Device fault</translation>
    </message>
    <message>
        <location filename="../rating.py" line="112" />
        <source>等待时间长</source>
        <translation>Long wait</translation>
    </message>
    <message>
        <location filename="../rating.py" line="113" />
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../rating.py" line="117" />
        <source>请您对本次服务进行评价</source>
        <translation>Please rate this service</translation>
    </message>
    <message>
        <location filename="../rating.py" line="118" />
        <source>请选择不满意的原因（可多选）</source>
        <translation>Why were you dissatisfied? (choose any)</translation>
    </message>
    <message>
        <location filename="../rating.py" line="119" />
        <source>提交评价</source>
        <translation>Submit rating</translation>
    </message>
</context>
<context>
    <name>ResultScreen</name>
    <message>
        <location filename="../result.py" line="61" />
        <source>办理结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../result.py" line="74" />
        <source>临时编号：%1</source>
        <translation>Provisional number: %1</translation>
    </message>
    <message>
        <location filename="../result.py" line="76" />
        <source>受理编号：%1</source>
        <translation>Acceptance number: %1</translation>
    </message>
    <message>
        <location filename="../result.py" line="86" />
        <source>办理其他事项</source>
        <translation>Another service</translation>
    </message>
    <message>
        <location filename="../result.py" line="87" />
        <source>评价本次服务</source>
        <translation>Rate this service</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <location filename="../review.py" line="61" />
        <location filename="../review.py" line="119" />
        <source>确认提交</source>
        <translation>Confirm and submit</translation>
    </message>
    <message>
        <location filename="../review.py" line="64" />
        <source>请核对以下信息，确认无误后提交。</source>
        <translation>Please check the information below, then submit.</translation>
    </message>
    <message>
        <location filename="../review.py" line="76" />
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../review.py" line="88" />
        <source>已扫描材料</source>
        <translation>Scanned materials</translation>
    </message>
    <message>
        <location filename="../review.py" line="89" />
        <source>%1 份</source>
        <translation>%1 item(s)</translation>
    </message>
    <message>
        <location filename="../review.py" line="93" />
        <source>签名</source>
        <translation>Signature</translation>
    </message>
    <message>
        <location filename="../review.py" line="94" />
        <source>已签名</source>
        <translation>Signed</translation>
    </message>
    <message>
        <location filename="../review.py" line="94" />
        <source>未签名</source>
        <translation>Not signed</translation>
    </message>
    <message>
        <location filename="../review.py" line="100" />
        <source>符合即时办结条件，提交后立即打印证明。</source>
        <translation>You qualify for instant approval: the certificate prints as soon as you submit.</translation>
    </message>
    <message>
        <location filename="../review.py" line="101" />
        <source>提交后将打印受理回执，凭受理编号查询进度。</source>
        <translation>A receipt with an acceptance number will be printed; use it to track your case.</translation>
    </message>
    <message>
        <location filename="../review.py" line="102" />
        <source>提交后显示查询结果。</source>
        <translation>The result is shown after you submit.</translation>
    </message>
</context>
<context>
    <name>ServiceController</name>
    <message>
        <location filename="../../kiosk/ui/controllers/service.py" line="80" />
        <source>网络暂不可用，查询类事项请稍后再试或到窗口办理。</source>
        <translation>The network is unavailable. Please try lookups later or go to a service counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/service.py" line="82" />
        <source>网络暂不可用，本事项需要联网办理。可办理其他标有“离线可办”的事项，或到窗口办理。</source>
        <translation>The network is unavailable and this service needs it. You can do services marked "available offline", or go to a service counter.</translation>
    </message>
</context>
<context>
    <name>ShellController</name>
    <message>
        <location filename="../../kiosk/ui/controllers/base.py" line="146" />
        <source>演示模式：设备已替换为模拟器</source>
        <extracomment>``on_done(result, error)``: how a background job reports back on the UI thread. The identity card was lifted mid-session: whole seconds left before the session ends (counting down once a second), ``None`` when the card is back or the session is over. The screens show "请勿取走证件" with it. Whether the platform is reachable, as last learnt (status bar, offline rules). The category tapped on the attract screen, opened first by the catalog. The outbox depth last read by :meth:`refresh_queue_status`.</extracomment>
        <translation>Demo mode: the devices were replaced by simulators</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/base.py" line="164" />
        <source>终端暂时无法受理新的申请，请到窗口办理或稍后再试。</source>
        <translation>This terminal cannot take new applications now. Please go to a service counter or try again later.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/base.py" line="169" />
        <source>终端存储空间不足，暂时无法受理新的申请，请到窗口办理或稍后再试。</source>
        <translation>This terminal is short of storage and cannot take new applications now. Please go to a service counter or try again later.</translation>
    </message>
</context>
<context>
    <name>SignatureScreen</name>
    <message>
        <location filename="../signature.py" line="224" />
        <source>请在下方区域签名</source>
        <translation>Sign in the area below</translation>
    </message>
    <message>
        <location filename="../signature.py" line="226" />
        <source>请用手指或签字笔在白色区域内签写您的姓名，写完后点击“确认签名”。</source>
        <translation>Sign your name in the white area with your finger or the pen, then tap "Confirm signature".</translation>
    </message>
    <message>
        <location filename="../signature.py" line="232" />
        <source>在此处签名</source>
        <translation>Sign here</translation>
    </message>
    <message>
        <location filename="../signature.py" line="238" />
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../signature.py" line="239" />
        <source>清除重签</source>
        <translation>Clear and sign again</translation>
    </message>
    <message>
        <location filename="../signature.py" line="240" />
        <source>撤销一笔</source>
        <translation>Undo stroke</translation>
    </message>
    <message>
        <location filename="../signature.py" line="241" />
        <source>确认签名</source>
        <translation>Confirm signature</translation>
    </message>
    <message>
        <location filename="../signature.py" line="279" />
        <source>签名已确认。</source>
        <translation>Signature confirmed.</translation>
    </message>
</context>
<context>
    <name>SignatureStep</name>
    <message>
        <location filename="../steps.py" line="127" />
        <source>签名确认</source>
        <translation>Signature</translation>
    </message>
    <message>
        <location filename="../steps.py" line="130" />
        <source>请在屏幕上签写您的姓名。</source>
        <translation>Please sign your name on the screen.</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../main_window.py" line="89" />
        <source>网络：检测中</source>
        <translation>Network: checking</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="91" />
        <source>网络：正常</source>
        <translation>Network: online</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="91" />
        <source>网络：离线</source>
        <translation>Network: offline</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="94" />
        <source>待上传：%1 件</source>
        <translation>Waiting to upload: %1</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="99" />
        <source>设备故障：%1</source>
        <translation>Device faults: %1</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="102" />
        <source>设备正常</source>
        <translation>Devices OK</translation>
    </message>
</context>
<context>
    <name>SubmitScreen</name>
    <message>
        <location filename="../submit.py" line="41" />
        <source>正在提交</source>
        <translation>Submitting</translation>
    </message>
    <message>
        <location filename="../submit.py" line="44" />
        <source>正在提交，请稍候。</source>
        <translation>Submitting, please wait.</translation>
    </message>
    <message>
        <location filename="../submit.py" line="50" />
        <source>正在保存您的申请…</source>
        <translation>Saving your application…</translation>
    </message>
    <message>
        <location filename="../submit.py" line="53" />
        <source>正在提交，请稍候</source>
        <translation>Submitting, please wait</translation>
    </message>
</context>
</TS>