<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_TW" sourcelanguage="zh_CN">
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../attract.py" line="57" />
        <source>服务目录暂不可用，请联系工作人员。</source>
        <translation>服務目錄暫不可用，請聯絡工作人員。</translation>
    </message>
    <message>
        <location filename="../attract.py" line="77" />
        <source>欢迎使用政务服务自助终端</source>
        <translation>歡迎使用政務服務自助終端</translation>
    </message>
    <message>
        <location filename="../attract.py" line="78" />
        <source>请选择要办理的事项，或触摸“开始办理”</source>
        <translation>請選擇要辦理的事項，或觸控“開始辦理”</translation>
    </message>
    <message>
        <location filename="../attract.py" line="79" />
        <source>开始办理</source>
        <translation>開始辦理</translation>
    </message>
    <message>
        <location filename="../attract.py" line="80" />
        <source>支持身份证、社保卡、刷脸、政务App扫码登录</source>
        <translation>支援身份證、社保卡、刷臉、政務App掃碼登入</translation>
    </message>
</context>
<context>
    <name>CatalogScreen</name>
    <message>
        <location filename="../catalog.py" line="66" />
        <source>选择办理事项</source>
        <translation>選擇辦理事項</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="69" />
        <source>请选择要办理的事项。</source>
        <translation>請選擇要辦理的事項。</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="74" />
        <source>您好，%1</source>
        <translation>您好，%1</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="90" />
        <location filename="../catalog.py" line="133" />
        <source>热门事项</source>
        <translation>熱門事項</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="127" />
        <source>搜索“%1”的结果</source>
        <translation>搜尋“%1”的結果</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="140" />
        <source>没有找到相关事项，请换个关键词</source>
        <translation>沒有找到相關事項，請換個關鍵詞</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="154" />
        <source>输入事项名称拼音首字母，如 wfz</source>
        <translation>輸入事項名稱拼音首字母，如 wfz</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="155" />
        <source>搜索</source>
        <translation>搜尋</translation>
    </message>
</context>
<context>
    <name>DeviceTile</name>
    <message>
        <location filename="../admin.py" line="140" />
        <source>测试</source>
        <translation>測試</translation>
    </message>
</context>
<context>
    <name>DiagnosticsScreen</name>
    <message>
        <location filename="../admin.py" line="207" />
        <source>设备诊断</source>
        <translation>裝置診斷</translation>
    </message>
    <message>
        <location filename="../admin.py" line="208" />
        <source>退出维护</source>
        <translation>退出維護</translation>
    </message>
    <message>
        <location filename="../admin.py" line="232" />
        <source>刷新</source>
        <translation>重新整理</translation>
    </message>
    <message>
        <location filename="../admin.py" line="234" />
        <source>导出诊断包</source>
        <translation>匯出診斷包</translation>
    </message>
    <message>
        <location filename="../admin.py" line="258" />
        <source>技术维护</source>
        <translation>技術維護</translation>
    </message>
    <message>
        <location filename="../admin.py" line="287" />
        <source>待上传：%1 件</source>
        <translation>待上傳：%1 件</translation>
    </message>
    <message>
        <location filename="../admin.py" line="298" />
        <source>平台：检测失败</source>
        <translation>平臺：檢測失敗</translation>
    </message>
    <message>
        <location filename="../admin.py" line="303" />
        <source>平台：可达，延迟 %1 ms</source>
        <translation>平臺：可達，延遲 %1 ms</translation>
    </message>
    <message>
        <location filename="../admin.py" line="306" />
        <source>平台：不可达</source>
        <translation>平臺：不可達</translation>
    </message>
    <message>
        <location filename="../admin.py" line="327" />
        <source>测试中…</source>
        <translation>測試中…</translation>
    </message>
    <message>
        <location filename="../admin.py" line="334" />
        <source>请放置身份证，读卡结果将显示在此（已脱敏）</source>
        <translation>請放置身份證，讀卡結果將顯示在此（已脫敏）</translation>
    </message>
    <message>
        <location filename="../admin.py" line="335" />
        <source>请插入社保卡，读卡结果将显示在此（已脱敏）</source>
        <translation>請插入社保卡，讀卡結果將顯示在此（已脫敏）</translation>
    </message>
    <message>
        <location filename="../admin.py" line="336" />
        <source>请扫描任意二维码，结果将显示在此（已脱敏）</source>
        <translation>請掃描任意二維碼，結果將顯示在此（已脫敏）</translation>
    </message>
    <message>
        <location filename="../admin.py" line="366" />
        <source>检测到人脸：%1</source>
        <translation>檢測到人臉：%1</translation>
    </message>
    <message>
        <location filename="../admin.py" line="369" />
        <source>已拍摄测试画面</source>
        <translation>已拍攝測試畫面</translation>
    </message>
    <message>
        <location filename="../admin.py" line="374" />
        <source>正在导出…</source>
        <translation>正在匯出…</translation>
    </message>
    <message>
        <location filename="../admin.py" line="378" />
        <source>导出失败：</source>
        <translation>匯出失敗：</translation>
    </message>
    <message>
        <location filename="../admin.py" line="380" />
        <source>已导出：</source>
        <translation>已匯出：</translation>
    </message>
</context>
<context>
    <name>FaceLoginScreen</name>
    <message>
        <location filename="../face_login.py" line="48" />
        <source>刷脸登录</source>
        <extracomment>Face guide: an ellipse centred in the preview, as fractions of its width/height.</extracomment>
        <translation>刷臉登入</translation>
    </message>
    <message>
        <location filename="../face_login.py" line="51" />
        <source>请稍候</source>
        <translation>請稍候</translation>
    </message>
    <message>
        <location filename="../face_login.py" line="85" />
        <source>使用其他方式登录</source>
        <translation>使用其他方式登入</translation>
    </message>
    <message>
        <location filename="../face_login.py" line="87" />
        <source>取消</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../face_login.py" line="113" />
        <source>请稍候，正在准备人脸核验</source>
        <translation>請稍候，正在準備人臉核驗</translation>
    </message>
    <message numerus="yes">
        <location filename="../face_login.py" line="169" />
        <source>还可尝试 %n 次</source>
        <translation><numerusform>還可嘗試 %n 次</numerusform></translation>
    </message>
</context>
<context>
    <name>FormScreen</name>
    <message>
        <location filename="../form.py" line="77" />
        <source>填写信息</source>
        <translation>填寫資訊</translation>
    </message>
    <message>
        <location filename="../form.py" line="80" />
        <source>请核对并填写信息，带锁的内容已自动填好。</source>
        <translation>請核對並填寫資訊，帶鎖的內容已自動填好。</translation>
    </message>
    <message>
        <location filename="../form.py" line="101" />
        <source>（选填）</source>
        <translation>（選填）</translation>
    </message>
    <message>
        <location filename="../form.py" line="129" />
        <source>已自动填写，不可修改</source>
        <translation>已自動填寫，不可修改</translation>
    </message>
    <message>
        <location filename="../form.py" line="130" />
        <source>已核验</source>
        <translation>已核驗</translation>
    </message>
    <message>
        <location filename="../form.py" line="147" />
        <source>11 位手机号码</source>
        <translation>11 位手機號碼</translation>
    </message>
    <message>
        <location filename="../form.py" line="149" />
        <source>如 2026-01-31</source>
        <translation>如 2026-01-31</translation>
    </message>
    <message>
        <location filename="../form.py" line="150" />
        <source>点击输入</source>
        <translation>點選輸入</translation>
    </message>
    <message>
        <location filename="../form.py" line="198" />
        <source>下一步</source>
        <translation>下一步</translation>
    </message>
</context>
<context>
    <name>GoodbyeScreen</name>
    <message>
        <location filename="../goodbye.py" line="53" />
        <source>感谢使用，请取回您的证件和凭条。</source>
        <translation>感謝使用，請取回您的證件和憑條。</translation>
    </message>
    <message>
        <location filename="../goodbye.py" line="61" />
        <source>感谢使用，再见</source>
        <translation>感謝使用，再見</translation>
    </message>
    <message>
        <location filename="../goodbye.py" line="63" />
        <source>长时间未操作，已为您退出。</source>
        <translation>長時間未操作，已為您退出。</translation>
    </message>
    <message>
        <location filename="../goodbye.py" line="64" />
        <source>证件已取走，已为您退出。</source>
        <translation>證件已取走，已為您退出。</translation>
    </message>
    <message>
        <location filename="../goodbye.py" line="65" />
        <source>您已退出办理。</source>
        <translation>您已退出辦理。</translation>
    </message>
    <message>
        <location filename="../goodbye.py" line="66" />
        <source>业务已办理完成。</source>
        <translation>業務已辦理完成。</translation>
    </message>
    <message>
        <location filename="../goodbye.py" line="69" />
        <source>请取回您的证件和凭条。您的个人信息已从本机清除。</source>
        <translation>請取回您的證件和憑條。您的個人資訊已從本機清除。</translation>
    </message>
    <message>
        <location filename="../goodbye.py" line="70" />
        <source>返回首页</source>
        <translation>返回首頁</translation>
    </message>
</context>
<context>
    <name>GuideScreen</name>
    <message>
        <location filename="../guide.py" line="46" />
        <source>办事指南</source>
        <translation>辦事指南</translation>
    </message>
    <message>
        <location filename="../guide.py" line="49" />
        <source>请阅读办事指南，确认后点击开始填写。</source>
        <translation>請閱讀辦事指南，確認後點擊開始填寫。</translation>
    </message>
    <message>
        <location filename="../guide.py" line="64" />
        <source>办理条件</source>
        <translation>辦理條件</translation>
    </message>
    <message>
        <location filename="../guide.py" line="67" />
        <source>（可用电子证照免交）</source>
        <translation>（可用電子證照免交）</translation>
    </message>
    <message>
        <location filename="../guide.py" line="69" />
        <source>所需材料</source>
        <translation>所需材料</translation>
    </message>
    <message>
        <location filename="../guide.py" line="69" />
        <source>无需提交纸质材料</source>
        <translation>無需提交紙質材料</translation>
    </message>
    <message>
        <location filename="../guide.py" line="70" />
        <source>办理时限</source>
        <translation>辦理時限</translation>
    </message>
    <message>
        <location filename="../guide.py" line="71" />
        <source>收费标准</source>
        <translation>收費標準</translation>
    </message>
    <message>
        <location filename="../guide.py" line="72" />
        <source>结果送达</source>
        <translation>結果送達</translation>
    </message>
    <message>
        <location filename="../guide.py" line="73" />
        <source>设定依据</source>
        <translation>設定依據</translation>
    </message>
    <message>
        <location filename="../guide.py" line="75" />
        <source>温馨提示</source>
        <translation>溫馨提示</translation>
    </message>
    <message>
        <location filename="../guide.py" line="83" />
        <source>开始填写</source>
        <translation>開始填寫</translation>
    </message>
</context>
<context>
    <name>IdentifyController</name>
    <message>
        <location filename="../../kiosk/ui/controllers/identify.py" line="129" />
        <source>证件已取走，登录已取消。请重新放置证件。</source>
        <extracomment>A login was cancelled (card lifted): the screen drops a face check in progress. How long the identify screen shows the masked identity before moving on. How long to wait for the reader's next presence probe at the moment of acceptance (it probes every 0.3 s; generous for a loaded terminal). The identity number of the accepted card (to recognise it during the grace). The resident chose 刷脸登录: the next card read is followed by a face check.</extracomment>
        <translation>證件已取走，登入已取消。請重新放置證件。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/identify.py" line="160" />
        <source>读卡失败，请重新放置。</source>
        <translation>讀卡失敗，請重新放置。</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <location filename="../identify.py" line="133" />
        <source>身份识别</source>
        <translation>身份識別</translation>
    </message>
    <message>
        <location filename="../identify.py" line="136" />
        <source>请将身份证或社保卡放在感应区。</source>
        <translation>請將身份證或社保卡放在感應區。</translation>
    </message>
    <message>
        <location filename="../identify.py" line="145" />
        <source>刷脸登录：请先将身份证放在感应区</source>
        <translation>刷臉登入：請先將身份證放在感應區</translation>
    </message>
    <message>
        <location filename="../identify.py" line="146" />
        <source>读取证件后请看向摄像头，按提示眨眼</source>
        <translation>讀取證件後請看向攝像頭，按提示眨眼</translation>
    </message>
    <message>
        <location filename="../identify.py" line="173" />
        <source>人脸核验暂不可用，请使用其他方式登录</source>
        <translation>人臉核驗暫不可用，請使用其他方式登入</translation>
    </message>
    <message>
        <location filename="../identify.py" line="188" />
        <source>人脸核验未通过</source>
        <translation>人臉核驗未通過</translation>
    </message>
    <message>
        <location filename="../identify.py" line="216" />
        <source>请将身份证或社保卡放在感应区</source>
        <translation>請將身份證或社保卡放在感應區</translation>
    </message>
    <message>
        <location filename="../identify.py" line="217" />
        <source>也可以选择刷脸登录或政务App扫码登录</source>
        <translation>也可以選擇刷臉登入或政務App掃碼登入</translation>
    </message>
    <message>
        <location filename="../identify.py" line="222" />
        <source>正在读取证件，请勿移动…</source>
        <translation>正在讀取證件，請勿移動…</translation>
    </message>
    <message>
        <location filename="../identify.py" line="227" />
        <source>识别成功：%1</source>
        <translation>識別成功：%1</translation>
    </message>
    <message>
        <location filename="../identify.py" line="233" />
        <source>请取回证件后重试，或联系工作人员</source>
        <translation>請取回證件後重試，或聯絡工作人員</translation>
    </message>
    <message>
        <location filename="../identify.py" line="250" />
        <source>请出示证件</source>
        <translation>請出示證件</translation>
    </message>
    <message>
        <location filename="../identify.py" line="251" />
        <source>刷脸登录</source>
        <translation>刷臉登入</translation>
    </message>
    <message>
        <location filename="../identify.py" line="252" />
        <source>扫码登录</source>
        <translation>掃碼登入</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <location filename="../idle_overlay.py" line="41" />
        <source>%1 秒后将退出并清除您的信息</source>
        <translation>%1 秒後將退出並清除您的資訊</translation>
    </message>
    <message>
        <location filename="../idle_overlay.py" line="49" />
        <source>您还在办理吗？</source>
        <translation>您還在辦理嗎？</translation>
    </message>
    <message>
        <location filename="../idle_overlay.py" line="50" />
        <source>继续办理</source>
        <translation>繼續辦理</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="374" />
        <source>%1 秒后自动退出</source>
        <extracomment>Long press on the header's top-left corner opens the technician PIN pad.</extracomment>
        <translation>%1 秒後自動退出</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="382" />
        <source>长辈模式</source>
        <translation>長輩模式</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="383" />
        <source>语音播报</source>
        <translation>語音播報</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="384" />
        <source>返回</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="385" />
        <source>退出</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>MaterialsScreen</name>
    <message>
        <location filename="../materials.py" line="188" />
        <source>请拍摄申请材料</source>
        <extracomment>JPEG pages as bytearrays so that the wipe can zero them. Small previews of the pages (QPixmap), shown in the page strip.</extracomment>
        <translation>請拍攝申請材料</translation>
    </message>
    <message>
        <location filename="../materials.py" line="190" />
        <source>请将材料平放在高拍仪下方，保持不动即可自动拍摄；也可点击“拍照”。</source>
        <translation>請將材料平放在高拍儀下方，保持不動即可自動拍攝；也可點選“拍照”。</translation>
    </message>
    <message>
        <location filename="../materials.py" line="214" />
        <source>重拍</source>
        <translation>重拍</translation>
    </message>
    <message>
        <location filename="../materials.py" line="215" />
        <source>使用此页</source>
        <translation>使用此頁</translation>
    </message>
    <message>
        <location filename="../materials.py" line="225" />
        <source>所需材料</source>
        <translation>所需材料</translation>
    </message>
    <message>
        <location filename="../materials.py" line="236" />
        <source>删除所选页</source>
        <translation>刪除所選頁</translation>
    </message>
    <message>
        <location filename="../materials.py" line="245" />
        <source>返回</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../materials.py" line="246" />
        <source>拍照</source>
        <translation>拍照</translation>
    </message>
    <message>
        <location filename="../materials.py" line="247" />
        <source>完成</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../materials.py" line="290" />
        <source>正在拍摄，请稍候…</source>
        <translation>正在拍攝，請稍候…</translation>
    </message>
    <message>
        <location filename="../materials.py" line="323" />
        <source>请先选择要删除的页面。</source>
        <translation>請先選擇要刪除的頁面。</translation>
    </message>
    <message>
        <location filename="../materials.py" line="334" />
        <source>还缺少材料：</source>
        <translation>還缺少材料：</translation>
    </message>
    <message>
        <location filename="../materials.py" line="345" />
        <source>正在整理材料，请稍候…</source>
        <translation>正在整理材料，請稍候…</translation>
    </message>
    <message>
        <location filename="../materials.py" line="357" />
        <source>请将材料放入拍摄区域</source>
        <translation>請將材料放入拍攝區域</translation>
    </message>
    <message>
        <location filename="../materials.py" line="358" />
        <source>请保持材料不动</source>
        <translation>請保持材料不動</translation>
    </message>
    <message>
        <location filename="../materials.py" line="359" />
        <source>保持不动，即将自动拍摄…</source>
        <translation>保持不動，即將自動拍攝…</translation>
    </message>
    <message>
        <location filename="../materials.py" line="360" />
        <source>正在拍摄…</source>
        <translation>正在拍攝…</translation>
    </message>
    <message>
        <location filename="../materials.py" line="361" />
        <source>已拍摄，可放入下一页</source>
        <translation>已拍攝，可放入下一頁</translation>
    </message>
    <message>
        <location filename="../materials.py" line="364" />
        <source>请点击“拍照”</source>
        <translation>請點選“拍照”</translation>
    </message>
    <message>
        <location filename="../materials.py" line="385" />
        <source>未识别到材料边缘，已保留整幅画面。</source>
        <translation>未識別到材料邊緣，已保留整幅畫面。</translation>
    </message>
    <message>
        <location filename="../materials.py" line="389" />
        <source>请确认本页清晰完整。</source>
        <translation>請確認本頁清晰完整。</translation>
    </message>
    <message>
        <location filename="../materials.py" line="407" />
        <source>高拍仪暂时没有画面，请稍候或联系工作人员。</source>
        <translation>高拍儀暫時沒有畫面，請稍候或聯絡工作人員。</translation>
    </message>
    <message>
        <location filename="../materials.py" line="426" />
        <source>材料已整理：</source>
        <translation>材料已整理：</translation>
    </message>
    <message>
        <location filename="../materials.py" line="452" />
        <source>（可选）</source>
        <translation>（可選）</translation>
    </message>
    <message>
        <location filename="../materials.py" line="465" />
        <source>第</source>
        <translation>第</translation>
    </message>
    <message>
        <location filename="../materials.py" line="465" />
        <location filename="../materials.py" line="469" />
        <source>页</source>
        <translation>頁</translation>
    </message>
</context>
<context>
    <name>MaterialsStep</name>
    <message>
        <location filename="../steps.py" line="62" />
        <source>拍摄材料</source>
        <translation>拍攝材料</translation>
    </message>
    <message>
        <location filename="../steps.py" line="65" />
        <source>请将材料平放在高拍仪下方。</source>
        <translation>請將材料平放在高拍儀下方。</translation>
    </message>
    <message>
        <location filename="../steps.py" line="79" />
        <source>高拍仪不可用，请到窗口提交材料。</source>
        <translation>高拍儀不可用，請到視窗提交材料。</translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <location filename="../keyboard.py" line="139" />
        <source>完成</source>
        <extracomment>A key was pressed or a target attached: the page keeps the target in view.</extracomment>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>PackageOverlay</name>
    <message>
        <location filename="../package_overlay.py" line="108" />
        <source>正在检查配置包……</source>
        <translation>正在檢查配置包……</translation>
    </message>
    <message>
        <location filename="../package_overlay.py" line="128" />
        <source>检查全部通过：配置包 %1（版本 %2）可以应用。</source>
        <translation>檢查全部通過：配置包 %1（版本 %2）可以應用。</translation>
    </message>
    <message>
        <location filename="../package_overlay.py" line="139" />
        <source>已拒绝，未做任何更改。未通过的检查：%1——%2</source>
        <translation>已拒絕，未做任何更改。未通過的檢查：%1——%2</translation>
    </message>
    <message>
        <location filename="../package_overlay.py" line="150" />
        <source>已应用（%1）。新配置将在当前业务结束后生效。</source>
        <translation>已應用（%1）。新配置將在當前業務結束後生效。</translation>
    </message>
    <message>
        <location filename="../package_overlay.py" line="157" />
        <source>应用失败，原配置继续使用：%1</source>
        <translation>應用失敗，原配置繼續使用：%1</translation>
    </message>
    <message>
        <location filename="../package_overlay.py" line="168" />
        <source>正在应用……</source>
        <translation>正在應用……</translation>
    </message>
    <message>
        <location filename="../package_overlay.py" line="176" />
        <source>配置包（现场人员）</source>
        <translation>配置包（現場人員）</translation>
    </message>
    <message>
        <location filename="../package_overlay.py" line="177" />
        <source>应用配置</source>
        <translation>應用配置</translation>
    </message>
    <message>
        <location filename="../package_overlay.py" line="178" />
        <source>关闭</source>
        <translation>關閉</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../admin.py" line="57" />
        <source>技术维护：请输入维护密码</source>
        <translation>技術維護：請輸入維護密碼</translation>
    </message>
    <message>
        <location filename="../admin.py" line="71" />
        <source>取消</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../admin.py" line="74" />
        <source>确定</source>
        <translation>確定</translation>
    </message>
    <message>
        <location filename="../admin.py" line="113" />
        <source>本终端尚未设置维护密码，请用配置包设置后再试</source>
        <translation>本終端尚未設定維護密碼，請用配置包設定後再試</translation>
    </message>
    <message>
        <location filename="../admin.py" line="117" />
        <source>错误次数过多，已锁定 %1 分钟</source>
        <translation>錯誤次數過多，已鎖定 %1 分鐘</translation>
    </message>
    <message>
        <location filename="../admin.py" line="121" />
        <source>密码错误，还可尝试 %1 次</source>
        <translation>密碼錯誤，還可嘗試 %1 次</translation>
    </message>
</context>
<context>
    <name>RatingScreen</name>
    <message>
        <location filename="../rating.py" line="64" />
        <source>服务评价</source>
        <translation>服務評價</translation>
    </message>
    <message>
        <location filename="../rating.py" line="67" />
        <source>请为本次服务评价。</source>
        <translation>請為本次服務評價。</translation>
    </message>
    <message>
        <location filename="../rating.py" line="99" />
        <source>非常满意</source>
        <translation>非常滿意</translation>
    </message>
    <message>
        <location filename="../rating.py" line="100" />
        <source>满意</source>
        <translation>滿意</translation>
    </message>
    <message>
        <location filename="../rating.py" line="101" />
        <source>基本满意</source>
        <translation>基本滿意</translation>
    </message>
    <message>
        <location filename="../rating.py" line="102" />
        <source>不满意</source>
        <translation>不滿意</translation>
    </message>
    <message>
        <location filename="../rating.py" line="103" />
        <source>非常不满意</source>
        <translation>非常不滿意</translation>
    </message>
    <message>
        <location filename="../rating.py" line="108" />
        <source>办理效率低</source>
        <translation>辦理效率低</translation>
    </message>
    <message>
        <location filename="../rating.py" line="109" />
        <source>操作不便</source>
        <translation>操作不便</translation>
    </message>
    <message>
        <location filename="../rating.py" line="110" />
        <source>指南不清楚</source>
        <translation>指南不清楚</translation>
    </message>
    <message>
        <location filename="../rating.py" line="111" />
        <source>设备故障</source>
        <translation>裝置故障</translation>
    </message>
    <message>
        <location filename="../rating.py" line="112" />
        <source>等待时间长</source>
        <translation>等待時間長</translation>
    </message>
    <message>
        <location filename="../rating.py" line="113" />
        <source>其他</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../rating.py" line="117" />
        <source>请您对本次服务进行评价</source>
        <translation>請您對本次服務進行評價</translation>
    </message>
    <message>
        <location filename="../rating.py" line="118" />
        <source>请选择不满意的原因（可多选）</source>
        <translation>請選擇不滿意的原因（可多選）</translation>
    </message>
    <message>
        <location filename="../rating.py" line="119" />
        <source>提交评价</source>
        <translation>提交評價</translation>
    </message>
</context>
<context>
    <name>ResultScreen</name>
    <message>
        <location filename="../result.py" line="61" />
        <source>办理结果</source>
        <translation>辦理結果</translation>
    </message>
    <message>
        <location filename="../result.py" line="74" />
        <source>临时编号：%1</source>
        <translation>臨時編號：%1</translation>
    </message>
    <message>
        <location filename="../result.py" line="76" />
        <source>受理编号：%1</source>
        <translation>受理編號：%1</translation>
    </message>
    <message>
        <location filename="../result.py" line="86" />
        <source>办理其他事项</source>
        <translation>辦理其他事項</translation>
    </message>
    <message>
        <location filename="../result.py" line="87" />
        <source>评价本次服务</source>
        <translation>評價本次服務</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <location filename="../review.py" line="61" />
        <location filename="../review.py" line="119" />
        <source>确认提交</source>
        <translation>確認提交</translation>
    </message>
    <message>
        <location filename="../review.py" line="64" />
        <source>请核对以下信息，确认无误后提交。</source>
        <translation>請核對以下資訊，確認無誤後提交。</translation>
    </message>
    <message>
        <location filename="../review.py" line="76" />
        <source>申请人</source>
        <translation>申請人</translation>
    </message>
    <message>
        <location filename="../review.py" line="88" />
        <source>已扫描材料</source>
        <translation>已掃描材料</translation>
    </message>
    <message>
        <location filename="../review.py" line="89" />
        <source>%1 份</source>
        <translation>%1 份</translation>
    </message>
    <message>
        <location filename="../review.py" line="93" />
        <source>签名</source>
        <translation>簽名</translation>
    </message>
    <message>
        <location filename="../review.py" line="94" />
        <source>已签名</source>
        <translation>已簽名</translation>
    </message>
    <message>
        <location filename="../review.py" line="94" />
        <source>未签名</source>
        <translation>未簽名</translation>
    </message>
    <message>
        <location filename="../review.py" line="100" />
        <source>符合即时办结条件，提交后立即打印证明。</source>
        <translation>符合即時辦結條件，提交後立即列印證明。</translation>
    </message>
    <message>
        <location filename="../review.py" line="101" />
        <source>提交后将打印受理回执，凭受理编号查询进度。</source>
        <translation>提交後將列印受理回執，憑受理編號查詢進度。</translation>
    </message>
    <message>
        <location filename="../review.py" line="102" />
        <source>提交后显示查询结果。</source>
        <translation>提交後顯示查詢結果。</translation>
    </message>
</context>
<context>
    <name>ServiceController</name>
    <message>
        <location filename="../../kiosk/ui/controllers/service.py" line="80" />
        <source>网络暂不可用，查询类事项请稍后再试或到窗口办理。</source>
        <translation>網路暫不可用，查詢類事項請稍後再試或到視窗辦理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/service.py" line="82" />
        <source>网络暂不可用，本事项需要联网办理。可办理其他标有“离线可办”的事项，或到窗口办理。</source>
        <translation>網路暫不可用，本事項需要聯網辦理。可辦理其他標有“離線可辦”的事項，或到視窗辦理。</translation>
    </message>
</context>
<context>
    <name>ShellController</name>
    <message>
        <location filename="../../kiosk/ui/controllers/base.py" line="146" />
        <source>演示模式：设备已替换为模拟器</source>
        <extracomment>``on_done(result, error)``: how a background job reports back on the UI thread. The identity card was lifted mid-session: whole seconds left before the session ends (counting down once a second), ``None`` when the card is back or the session is over. The screens show "请勿取走证件" with it. Whether the platform is reachable, as last learnt (status bar, offline rules). The category tapped on the attract screen, opened first by the catalog. The outbox depth last read by :meth:`refresh_queue_status`.</extracomment>
        <translation>演示模式：裝置已替換為模擬器</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/base.py" line="164" />
        <source>终端暂时无法受理新的申请，请到窗口办理或稍后再试。</source>
        <translation>終端暫時無法受理新的申請，請到視窗辦理或稍後再試。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/base.py" line="169" />
        <source>终端存储空间不足，暂时无法受理新的申请，请到窗口办理或稍后再试。</source>
        <translation>終端儲存空間不足，暫時無法受理新的申請，請到視窗辦理或稍後再試。</translation>
    </message>
</context>
<context>
    <name>SignatureScreen</name>
    <message>
        <location filename="../signature.py" line="224" />
        <source>请在下方区域签名</source>
        <translation>請在下方區域簽名</translation>
    </message>
    <message>
        <location filename="../signature.py" line="226" />
        <source>请用手指或签字笔在白色区域内签写您的姓名，写完后点击“确认签名”。</source>
        <translation>請用手指或簽字筆在白色區域內簽寫您的姓名，寫完後點擊“確認簽名”。</translation>
    </message>
    <message>
        <location filename="../signature.py" line="232" />
        <source>在此处签名</source>
        <translation>在此處簽名</translation>
    </message>
    <message>
        <location filename="../signature.py" line="238" />
        <source>返回</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../signature.py" line="239" />
        <source>清除重签</source>
        <translation>清除重籤</translation>
    </message>
    <message>
        <location filename="../signature.py" line="240" />
        <source>撤销一笔</source>
        <translation>撤銷一筆</translation>
    </message>
    <message>
        <location filename="../signature.py" line="241" />
        <source>确认签名</source>
        <translation>確認簽名</translation>
    </message>
    <message>
        <location filename="../signature.py" line="279" />
        <source>签名已确认。</source>
        <translation>簽名已確認。</translation>
    </message>
</context>
<context>
    <name>SignatureStep</name>
    <message>
        <location filename="../steps.py" line="127" />
        <source>签名确认</source>
        <translation>簽名確認</translation>
    </message>
    <message>
        <location filename="../steps.py" line="130" />
        <source>请在屏幕上签写您的姓名。</source>
        <translation>請在螢幕上簽寫您的姓名。</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../main_window.py" line="89" />
        <source>网络：检测中</source>
        <translation>網路：檢測中</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="91" />
        <source>网络：正常</source>
        <translation>網路：正常</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="91" />
        <source>网络：离线</source>
        <translation>網路：離線</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="94" />
        <source>待上传：%1 件</source>
        <translation>待上傳：%1 件</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="99" />
        <source>设备故障：%1</source>
        <translation>裝置故障：%1</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="102" />
        <source>设备正常</source>
        <translation>裝置正常</translation>
    </message>
</context>
<context>
    <name>SubmitScreen</name>
    <message>
        <location filename="../submit.py" line="41" />
        <source>正在提交</source>
        <translation>正在提交</translation>
    </message>
    <message>
        <location filename="../submit.py" line="44" />
        <source>正在提交，请稍候。</source>
        <translation>正在提交，請稍候。</translation>
    </message>
    <message>
        <location filename="../submit.py" line="50" />
        <source>正在保存您的申请…</source>
        <translation>正在儲存您的申請…</translation>
    </message>
    <message>
        <location filename="../submit.py" line="53" />
        <source>正在提交，请稍候</source>
        <translation>正在提交，請稍候</translation>
    </message>
</context>
</TS>