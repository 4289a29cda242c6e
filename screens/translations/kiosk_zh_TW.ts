<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_TW" sourcelanguage="zh_CN">
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../attract.py" line="57" />
        <source>欢迎使用政务服务自助终端，请触摸“开始办理”。</source>
        <translation>歡迎使用政務服務自助終端，請觸控“開始辦理”。</translation>
    </message>
    <message>
        <location filename="../attract.py" line="64" />
        <source>服务目录暂不可用，请联系工作人员。</source>
        <translation>服務目錄暫不可用，請聯絡工作人員。</translation>
    </message>
    <message>
        <location filename="../attract.py" line="84" />
        <source>欢迎使用政务服务自助终端</source>
        <translation>歡迎使用政務服務自助終端</translation>
    </message>
    <message>
        <location filename="../attract.py" line="85" />
        <source>请选择要办理的事项，或触摸“开始办理”</source>
        <translation>請選擇要辦理的事項，或觸控“開始辦理”</translation>
    </message>
    <message>
        <location filename="../attract.py" line="86" />
        <source>开始办理</source>
        <translation>開始辦理</translation>
    </message>
    <message>
        <location filename="../attract.py" line="87" />
        <source>支持身份证、社保卡、刷脸、政务App扫码登录</source>
        <translation>支援身份證、社保卡、刷臉、政務App掃碼登入</translation>
    </message>
</context>
<context>
    <name>CallPanel</name>
    <message>
        <location filename="../video_help.py" line="365" />
        <source>通话中</source>
        <extracomment>Where the panel may sit (the screen area between header and footer): set by :func:`install_video_help`, so the footer's 返回 / 退出 are never covered. Called when the resident wants to show personal fields (the question is asked in the overlay, which has the room for it).</extracomment>
        <translation>通話中</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="365" />
        <source>工作人员已接听，正在接通…</source>
        <translation>工作人員已接聽，正在接通…</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="367" />
        <source>个人信息已向工作人员显示</source>
        <translation>個人資訊已向工作人員顯示</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="367" />
        <source>个人信息已遮挡</source>
        <translation>個人資訊已遮擋</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="371" />
        <source>恢复遮挡</source>
        <translation>恢復遮擋</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="371" />
        <source>显示个人信息</source>
        <translation>顯示個人資訊</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="433" />
        <source>挂断</source>
        <translation>結束通話</translation>
    </message>
</context>
<context>
    <name>CatalogScreen</name>
    <message>
        <location filename="../catalog.py" line="101" />
        <source>选择办理事项</source>
        <translation>選擇辦理事項</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="104" />
        <source>请选择要办理的事项。</source>
        <translation>請選擇要辦理的事項。</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="109" />
        <source>您好，%1</source>
        <translation>您好，%1</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="126" />
        <location filename="../catalog.py" line="188" />
        <source>热门事项</source>
        <translation>熱門事項</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="178" />
        <source>搜索“%1”的结果</source>
        <translation>搜尋“%1”的結果</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="196" />
        <source>第 %1/%2 页，共 %3 项</source>
        <translation>第 %1/%2 頁，共 %3 項</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="215" />
        <source>没有找到相关事项，请换个关键词</source>
        <translation>沒有找到相關事項，請換個關鍵詞</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="232" />
        <source>输入事项名称、拼音或首字母，如 wfz</source>
        <translation>輸入事項名稱、拼音或首字母，如 wfz</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="234" />
        <source>上一页</source>
        <translation>上一頁</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="235" />
        <source>下一页</source>
        <translation>下一頁</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="233" />
        <source>搜索</source>
        <translation>搜尋</translation>
    </message>
</context>
<context>
    <name>ConnectorTile</name>
    <message>
        <location filename="../connector_tiles.py" line="41" />
        <source>测试连接</source>
        <translation>測試連線</translation>
    </message>
    <message>
        <location filename="../connector_tiles.py" line="57" />
        <source>线路：正常</source>
        <translation>線路：正常</translation>
    </message>
    <message>
        <location filename="../connector_tiles.py" line="58" />
        <source>线路：试探恢复中</source>
        <translation>線路：試探恢復中</translation>
    </message>
    <message>
        <location filename="../connector_tiles.py" line="59" />
        <source>线路：已熔断，暂停发送</source>
        <translation>線路：已熔斷，暫停傳送</translation>
    </message>
    <message>
        <location filename="../connector_tiles.py" line="60" />
        <source>线路：未启动</source>
        <translation>線路：未啟動</translation>
    </message>
    <message>
        <location filename="../connector_tiles.py" line="70" />
        <source>延迟 %1 · 待上传 %2 件 · 已送达 %3 · 失败 %4</source>
        <translation>延遲 %1 · 待上傳 %2 件 · 已送達 %3 · 失敗 %4</translation>
    </message>
    <message>
        <location filename="../connector_tiles.py" line="77" />
        <source>最近错误：%1</source>
        <translation>最近錯誤：%1</translation>
    </message>
</context>
<context>
    <name>ConnectorTiles</name>
    <message>
        <location filename="../connector_tiles.py" line="104" />
        <source>测试中…</source>
        <translation>測試中…</translation>
    </message>
    <message>
        <location filename="../connector_tiles.py" line="112" />
        <source>可达，%1 ms</source>
        <translation>可達，%1 ms</translation>
    </message>
</context>
<context>
    <name>CoreTexts</name>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="35" />
        <source>请填写“%1”</source>
        <translation>請填寫“%1”</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="36" />
        <source>“%1”至少需要 %2 个字</source>
        <translation>“%1”至少需要 %2 個字</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="37" />
        <source>“%1”不能超过 %2 个字</source>
        <translation>“%1”不能超過 %2 個字</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="38" />
        <source>请输入 11 位手机号码</source>
        <translation>請輸入 11 位手機號碼</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="39" />
        <source>“%1”请输入数字</source>
        <translation>“%1”請輸入數字</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="40" />
        <source>“%1”请按 年-月-日 填写</source>
        <translation>“%1”請按 年-月-日 填寫</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="41" />
        <source>请选择“%1”</source>
        <translation>請選擇“%1”</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="42" />
        <source>“%1”格式不正确</source>
        <translation>“%1”格式不正確</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="46" />
        <source>证件信息无法识别，请重新放置证件或联系工作人员。</source>
        <translation>證件資訊無法識別，請重新放置證件或聯絡工作人員。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="50" />
        <source>证件号码校验未通过，请联系工作人员。</source>
        <translation>證件號碼校驗未通過，請聯絡工作人員。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="54" />
        <source>证件已过有效期，请使用有效证件办理。</source>
        <translation>證件已過有效期，請使用有效證件辦理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="56" />
        <source>证件尚未生效，请使用有效证件办理。</source>
        <translation>證件尚未生效，請使用有效證件辦理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="59" />
        <source>证件信息读取不完整，请取下证件后重新放置。</source>
        <translation>證件資訊讀取不完整，請取下證件後重新放置。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="63" />
        <source>扫码登录未成功，请重新亮码或使用身份证办理。</source>
        <translation>掃碼登入未成功，請重新亮碼或使用身份證辦理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="67" />
        <source>二维码已过期，请在App中刷新后重新扫码。</source>
        <translation>二維碼已過期，請在App中重新整理後重新掃碼。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="71" />
        <source>该二维码已使用过，请在App中刷新后重新扫码。</source>
        <translation>該二維碼已使用過，請在App中重新整理後重新掃碼。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="73" />
        <source>居民身份证</source>
        <translation>居民身份證</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="74" />
        <source>外国人永久居留身份证</source>
        <translation>外國人永久居留身份證</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="75" />
        <source>港澳台居民居住证</source>
        <translation>港澳臺居民居住證</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="76" />
        <source>社会保障卡</source>
        <translation>社會保障卡</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="77" />
        <source>政务服务 App 码</source>
        <translation>政務服務 App 碼</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="79" />
        <source>办理成功，证明已打印</source>
        <translation>辦理成功，證明已列印</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="80" />
        <source>办理成功</source>
        <translation>辦理成功</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="81" />
        <source>%1已即时办结。</source>
        <translation>%1已即時辦結。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="82" />
        <source>请在出纸口取走您的证明。</source>
        <translation>請在出紙口取走您的證明。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="85" />
        <source>证明暂时无法打印（%1），可凭受理编号在任一终端扫码补打，或到窗口领取。</source>
        <translation>證明暫時無法列印（%1），可憑受理編號在任一終端掃碼補打，或到窗口領取。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="87" />
        <source>申请已保存在本终端，联网后自动提交</source>
        <translation>申請已儲存在本終端，聯網後自動提交</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="92" />
        <source>网络暂不可用，申请尚未送达政务平台。它已加密保存在本终端，联网后自动提交，您无需再次办理；请保留凭条，凭临时编号查询进度。</source>
        <translation>網路暫不可用，申請尚未送達政務平臺。它已加密儲存在本終端，聯網後自動提交，您無需再次辦理；請保留憑條，憑臨時編號查詢進度。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="96" />
        <source>申请已受理</source>
        <translation>申請已受理</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="97" />
        <source>申请已保存，联网后自动提交</source>
        <translation>申請已儲存，聯網後自動提交</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="100" />
        <source>网络暂不可用，申请已安全保存在本机，联网后自动提交。（%1）</source>
        <translation>網路暫不可用，申請已安全儲存在本機，聯網後自動提交。（%1）</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="104" />
        <source>网络暂不可用，申请已安全保存在本机，联网后自动提交。</source>
        <translation>網路暫不可用，申請已安全儲存在本機，聯網後自動提交。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="108" />
        <source>您的申请已提交，办理时限：%1。（%2）</source>
        <translation>您的申請已提交，辦理時限：%1。（%2）</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="110" />
        <source>您的申请已提交，办理时限：%1。</source>
        <translation>您的申請已提交，辦理時限：%1。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="111" />
        <source>请取走凭条。</source>
        <translation>請取走憑條。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="112" />
        <source>请取走办结凭条。</source>
        <translation>請取走辦結憑條。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="115" />
        <source>请取走受理回执，可扫描回执二维码查询进度。</source>
        <translation>請取走受理回執，可掃描回執二維碼查詢進度。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="117" />
        <source>%1暂时无法打印（%2），%3</source>
        <translation>%1暫時無法列印（%2），%3</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="118" />
        <source>凭条</source>
        <translation>憑條</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="119" />
        <source>回执</source>
        <translation>回執</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="120" />
        <source>请记下临时编号。</source>
        <translation>請記下臨時編號。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="121" />
        <source>请记下受理编号。</source>
        <translation>請記下受理編號。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="124" />
        <source>请记下受理编号，可在任一终端扫码或输入编号查询。</source>
        <translation>請記下受理編號，可在任一終端掃碼或輸入編號查詢。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="126" />
        <source>提交未完成</source>
        <translation>提交未完成</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="129" />
        <source>提交未能完成，您的信息未被保存，请重试或到窗口办理。</source>
        <translation>提交未能完成，您的資訊未被儲存，請重試或到窗口辦理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="133" />
        <source>系统暂时无法受理，请稍后再试或到窗口办理。</source>
        <translation>系統暫時無法受理，請稍後再試或到窗口辦理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="138" />
        <source>缴费未能完成，未扣款。请重试或到窗口缴费。</source>
        <translation>繳費未能完成，未扣款。請重試或到窗口繳費。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="143" />
        <source>这不是可识别的付款码。请打开微信、支付宝或云闪付的“付款码”页面，对准扫码口。</source>
        <translation>這不是可識別的付款碼。請開啟微信、支付寶或雲閃付的“付款碼”頁面，對準掃碼口。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="148" />
        <source>支付系统暂时无法连接，未扣款。请稍后再试，或到窗口缴费。</source>
        <translation>支付系統暫時無法連線，未扣款。請稍後再試，或到窗口繳費。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="152" />
        <source>正在向支付系统确认结果，请稍候，不要重复付款。</source>
        <translation>正在向支付系統確認結果，請稍候，不要重複付款。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="156" />
        <source>支付未成功，未扣款。请换一种付款方式或重试。</source>
        <translation>支付未成功，未扣款。請換一種付款方式或重試。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="160" />
        <source>支付结果校验未通过，正在向支付系统重新确认，请稍候。</source>
        <translation>支付結果校驗未通過，正在向支付系統重新確認，請稍候。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="164" />
        <source>支付金额与应缴金额不符，本次缴费将原路退回，请联系工作人员。</source>
        <translation>支付金額與應繳金額不符，本次繳費將原路退回，請聯絡工作人員。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="168" />
        <source>缴费功能暂时不可用（终端记录故障），未扣款。请到窗口缴费。</source>
        <translation>繳費功能暫時不可用（終端記錄故障），未扣款。請到窗口繳費。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="172" />
        <source>缴费状态异常，已通知工作人员核对，您的款项不会丢失。</source>
        <translation>繳費狀態異常，已通知工作人員核對，您的款項不會丟失。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="176" />
        <source>收费标准配置有误，暂停收费业务，请到窗口办理。</source>
        <translation>收費標準配置有誤，暫停收費業務，請到窗口辦理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="180" />
        <source>缴费功能暂时不可用，未扣款。需缴费的事项请到窗口办理。</source>
        <translation>繳費功能暫時不可用，未扣款。需繳費的事項請到窗口辦理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="184" />
        <source>付款码无效或已使用，未扣款。请刷新付款码后重试。</source>
        <translation>付款碼無效或已使用，未扣款。請重新整理付款碼後重試。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="188" />
        <source>支付被拒绝（余额不足或银行卡受限），未扣款。请换一种付款方式。</source>
        <translation>支付被拒絕（餘額不足或銀行卡受限），未扣款。請換一種付款方式。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="192" />
        <source>余额不足，未扣款。请换一张银行卡或换一种付款方式。</source>
        <translation>餘額不足，未扣款。請換一張銀行卡或換一種付款方式。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="196" />
        <source>订单已关闭，未扣款。请重新发起缴费。</source>
        <translation>訂單已關閉，未扣款。請重新發起繳費。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="199" />
        <source>已缴费，申请待工作人员办理</source>
        <translation>已繳費，申請待工作人員辦理</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="203" />
        <source>您已缴费 %1 元（订单号 %2），但申请未能提交。请凭缴费凭条到窗口办理，无需再次缴费；如未办理，费用将原路退回。</source>
        <translation>您已繳費 %1 元（訂單號 %2），但申請未能提交。請憑繳費憑條到窗口辦理，無需再次繳費；如未辦理，費用將原路退回。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="206" />
        <source>请取走缴费凭条。</source>
        <translation>請取走繳費憑條。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="209" />
        <source>凭条暂时无法打印（%1），请记下订单号。</source>
        <translation>憑條暫時無法列印（%1），請記下訂單號。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="211" />
        <source>提交未完成，费用已退回</source>
        <translation>提交未完成，費用已退回</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="212" />
        <source>提交未完成，费用退回中</source>
        <translation>提交未完成，費用退回中</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="215" />
        <source>申请未能提交。您缴纳的 %1 元已原路退回。请稍后再试或到窗口办理。</source>
        <translation>申請未能提交。您繳納的 %1 元已原路退回。請稍後再試或到窗口辦理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="220" />
        <source>申请未能提交。您缴纳的 %1 元将自动原路退回，无需再次操作。请稍后再试或到窗口办理。</source>
        <translation>申請未能提交。您繳納的 %1 元將自動原路退回，無需再次操作。請稍後再試或到窗口辦理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="224" />
        <source>寄件单未能保存，请到窗口办理邮寄。</source>
        <translation>寄件單未能儲存，請到窗口辦理郵寄。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="225" />
        <source>所选地区无效，请重新选择。</source>
        <translation>所選地區無效，請重新選擇。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="228" />
        <source>请填写收件人姓名（2至20个汉字，或英文姓名）。</source>
        <translation>請填寫收件人姓名（2至20個漢字，或英文姓名）。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="232" />
        <source>手机号码应为11位数字，以1开头，请核对。</source>
        <translation>手機號碼應為11位數字，以1開頭，請核對。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="236" />
        <source>请填写详细地址（街道、门牌号），不超过60个字。</source>
        <translation>請填寫詳細地址（街道、門牌號），不超過60個字。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="240" />
        <source>该地址不在邮寄服务范围内，请选择其他地址或到窗口领取。</source>
        <translation>該地址不在郵寄服務範圍內，請選擇其他地址或到窗口領取。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="242" />
        <source>储物柜操作未完成，请联系工作人员。</source>
        <translation>儲物櫃操作未完成，請聯絡工作人員。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="245" />
        <source>暂无合适的空闲柜格，请联系工作人员。</source>
        <translation>暫無合適的空閒櫃格，請聯絡工作人員。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="249" />
        <source>柜门未能打开，该柜格已停用，请联系工作人员。</source>
        <translation>櫃門未能開啟，該櫃格已停用，請聯絡工作人員。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="253" />
        <source>储物柜暂时无法使用，您的材料未存入，请联系工作人员。</source>
        <translation>儲物櫃暫時無法使用，您的材料未存入，請聯絡工作人員。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="255" />
        <source>取件码不正确，请核对后重新输入。</source>
        <translation>取件碼不正確，請核對後重新輸入。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="258" />
        <source>取件码错误次数过多，已暂时锁定，请稍后再试或联系工作人员。</source>
        <translation>取件碼錯誤次數過多，已暫時鎖定，請稍後再試或聯絡工作人員。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="262" />
        <source>身份证与该业务的申请人不符，柜门不会打开。</source>
        <translation>身份證與該業務的申請人不符，櫃門不會開啟。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="266" />
        <source>储物柜暂时无法使用，请联系工作人员。</source>
        <translation>儲物櫃暫時無法使用，請聯絡工作人員。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="270" />
        <source>储物柜暂时无法使用，请到窗口递交材料。</source>
        <translation>儲物櫃暫時無法使用，請到窗口遞交材料。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="272" />
        <source>储物柜没有响应，请联系工作人员。</source>
        <translation>儲物櫃沒有響應，請聯絡工作人員。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="273" />
        <source>储物柜通信异常，请稍后再试。</source>
        <translation>儲物櫃通訊異常，請稍後再試。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="274" />
        <source>储物柜未连接，请联系工作人员。</source>
        <translation>儲物櫃未連線，請聯絡工作人員。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="275" />
        <source>柜门未能打开，请联系工作人员。</source>
        <translation>櫃門未能開啟，請聯絡工作人員。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="276" />
        <source>柜门未关闭，请关好柜门。</source>
        <translation>櫃門未關閉，請關好櫃門。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="280" />
        <source>凭条打印机暂时无法使用，请记下受理编号或联系工作人员。</source>
        <translation>憑條印表機暫時無法使用，請記下受理編號或聯絡工作人員。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="284" />
        <source>凭条打印纸已用完，请记下受理编号，可凭编号查询或稍后补打。</source>
        <translation>憑條列印紙已用完，請記下受理編號，可憑編號查詢或稍後補打。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="288" />
        <source>凭条打印机仓盖未关好，请联系工作人员。</source>
        <translation>憑條印表機倉蓋未關好，請聯絡工作人員。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="292" />
        <source>凭条未能完整打印，请记下受理编号，可凭编号查询或稍后补打。</source>
        <translation>憑條未能完整列印，請記下受理編號，可憑編號查詢或稍後補打。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="296" />
        <source>文件打印机暂时无法使用，请稍后在本终端或网上重新打印。</source>
        <translation>檔案印表機暫時無法使用，請稍後在本終端或網上重新列印。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="300" />
        <source>证明未能打印，请稍后凭证明编号在本终端或网上重新打印。</source>
        <translation>證明未能列印，請稍後憑證明編號在本終端或網上重新列印。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="304" />
        <source>证明须由政务服务平台签发，暂时无法打印</source>
        <translation>證明須由政務服務平臺簽發，暫時無法列印</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="308" />
        <source>设备暂时无法使用，请稍后再试或联系工作人员。</source>
        <translation>裝置暫時無法使用，請稍後再試或聯絡工作人員。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="310" />
        <source>设备未连接，请联系工作人员。</source>
        <translation>裝置未連線，請聯絡工作人員。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="311" />
        <source>设备响应超时，请稍后再试。</source>
        <translation>裝置響應超時，請稍後再試。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="315" />
        <source>视频帮办服务暂时无法连接，请稍后再试或联系现场工作人员。</source>
        <translation>影片幫辦服務暫時無法連線，請稍後再試或聯絡現場工作人員。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="319" />
        <source>视频帮办暂未开通，请联系现场工作人员。</source>
        <translation>影片幫辦暫未開通，請聯絡現場工作人員。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="323" />
        <source>回电号码未能保存，请稍后再试或联系现场工作人员。</source>
        <translation>回電號碼未能儲存，請稍後再試或聯絡現場工作人員。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="327" />
        <source>请输入 11 位手机号码或带区号的固定电话。</source>
        <translation>請輸入 11 位手機號碼或帶區號的固定電話。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="331" />
        <source>刷脸登录暂时无法使用，请使用其他方式登录。</source>
        <translation>刷臉登入暫時無法使用，請使用其他方式登入。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="335" />
        <source>无法读取证件照片，暂不能刷脸登录，请使用其他方式登录。</source>
        <translation>無法讀取證件照片，暫不能刷臉登入，請使用其他方式登入。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="339" />
        <source>证件照片无法用于人脸比对，请使用其他方式登录。</source>
        <translation>證件照片無法用於人臉比對，請使用其他方式登入。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="341" />
        <source>未能识别二维码，请重新扫描。</source>
        <translation>未能識別二維碼，請重新掃描。</translation>
    </message>
</context>
<context>
    <name>DeviceTile</name>
    <message>
        <location filename="../admin.py" line="239" />
        <source>测试</source>
        <translation>測試</translation>
    </message>
</context>
<context>
    <name>DiagnosticsScreen</name>
    <message>
        <location filename="../admin.py" line="306" />
        <location filename="../admin.py" line="374" />
        <source>设备诊断</source>
        <translation>裝置診斷</translation>
    </message>
    <message>
        <location filename="../admin.py" line="307" />
        <location filename="../admin.py" line="375" />
        <source>退出维护</source>
        <translation>退出維護</translation>
    </message>
    <message>
        <location filename="../admin.py" line="335" />
        <location filename="../admin.py" line="376" />
        <source>刷新</source>
        <translation>重新整理</translation>
    </message>
    <message>
        <location filename="../admin.py" line="337" />
        <location filename="../admin.py" line="377" />
        <source>导出诊断包</source>
        <translation>匯出診斷包</translation>
    </message>
    <message>
        <location filename="../admin.py" line="340" />
        <location filename="../admin.py" line="378" />
        <source>声音测试</source>
        <translation>聲音測試</translation>
    </message>
    <message>
        <location filename="../admin.py" line="346" />
        <location filename="../admin.py" line="379" />
        <source>打印就绪报告</source>
        <translation>列印就緒報告</translation>
    </message>
    <message>
        <location filename="../admin.py" line="369" />
        <source>技术维护</source>
        <translation>技術維護</translation>
    </message>
    <message>
        <location filename="../admin.py" line="411" />
        <source>待上传：%1 件</source>
        <translation>待上傳：%1 件</translation>
    </message>
    <message>
        <location filename="../admin.py" line="420" />
        <source>正在打印就绪报告…</source>
        <translation>正在列印就緒報告…</translation>
    </message>
    <message>
        <location filename="../admin.py" line="425" />
        <source>就绪报告未打印：</source>
        <translation>就緒報告未列印：</translation>
    </message>
    <message>
        <location filename="../admin.py" line="428" />
        <source>就绪报告已打印</source>
        <translation>就緒報告已列印</translation>
    </message>
    <message>
        <location filename="../admin.py" line="436" />
        <source>正在测试声音…</source>
        <translation>正在測試聲音…</translation>
    </message>
    <message>
        <location filename="../admin.py" line="442" />
        <source>声音测试失败：</source>
        <translation>聲音測試失敗：</translation>
    </message>
    <message>
        <location filename="../admin.py" line="445" />
        <source>声音测试通过：</source>
        <translation>聲音測試通過：</translation>
    </message>
    <message>
        <location filename="../admin.py" line="460" />
        <source>平台：检测失败</source>
        <translation>平臺：檢測失敗</translation>
    </message>
    <message>
        <location filename="../admin.py" line="465" />
        <source>平台：可达，延迟 %1 ms</source>
        <translation>平臺：可達，延遲 %1 ms</translation>
    </message>
    <message>
        <location filename="../admin.py" line="468" />
        <source>平台：不可达</source>
        <translation>平臺：不可達</translation>
    </message>
    <message>
        <location filename="../admin.py" line="489" />
        <source>测试中…</source>
        <translation>測試中…</translation>
    </message>
    <message>
        <location filename="../admin.py" line="496" />
        <source>请放置身份证，读卡结果将显示在此（已脱敏）</source>
        <translation>請放置身份證，讀卡結果將顯示在此（已脫敏）</translation>
    </message>
    <message>
        <location filename="../admin.py" line="497" />
        <source>请插入社保卡，读卡结果将显示在此（已脱敏）</source>
        <translation>請插入社保卡，讀卡結果將顯示在此（已脫敏）</translation>
    </message>
    <message>
        <location filename="../admin.py" line="498" />
        <source>请扫描任意二维码，结果将显示在此（已脱敏）</source>
        <translation>請掃描任意二維碼，結果將顯示在此（已脫敏）</translation>
    </message>
    <message>
        <location filename="../admin.py" line="528" />
        <source>检测到人脸：%1</source>
        <translation>檢測到人臉：%1</translation>
    </message>
    <message>
        <location filename="../admin.py" line="531" />
        <source>已拍摄测试画面</source>
        <translation>已拍攝測試畫面</translation>
    </message>
    <message>
        <location filename="../admin.py" line="536" />
        <source>正在导出…</source>
        <translation>正在匯出…</translation>
    </message>
    <message>
        <location filename="../admin.py" line="540" />
        <source>导出失败：</source>
        <translation>匯出失敗：</translation>
    </message>
    <message>
        <location filename="../admin.py" line="542" />
        <source>已导出：</source>
        <translation>已匯出：</translation>
    </message>
</context>
<context>
    <name>ExitConfirm</name>
    <message>
        <location filename="../exit_confirm.py" line="55" />
        <source>确定要退出吗？</source>
        <translation>確定要退出嗎？</translation>
    </message>
    <message>
        <location filename="../exit_confirm.py" line="56" />
        <source>您填写的内容将被清除，不会保存。</source>
        <translation>您填寫的內容將被清除，不會儲存。</translation>
    </message>
    <message>
        <location filename="../exit_confirm.py" line="57" />
        <source>继续办理</source>
        <translation>繼續辦理</translation>
    </message>
    <message>
        <location filename="../exit_confirm.py" line="58" />
        <source>退出并清除</source>
        <translation>退出並清除</translation>
    </message>
</context>
<context>
    <name>FaceLoginScreen</name>
    <message>
        <location filename="../face_login.py" line="49" />
        <source>刷脸登录</source>
        <extracomment>Face guide: an ellipse centred in the preview, as fractions of its width/height.</extracomment>
        <translation>刷臉登入</translation>
    </message>
    <message>
        <location filename="../face_login.py" line="52" />
        <source>请稍候</source>
        <translation>請稍候</translation>
    </message>
    <message>
        <location filename="../face_login.py" line="87" />
        <source>使用其他方式登录</source>
        <translation>使用其他方式登入</translation>
    </message>
    <message>
        <location filename="../face_login.py" line="89" />
        <source>取消</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../face_login.py" line="115" />
        <source>请稍候，正在准备人脸核验</source>
        <translation>請稍候，正在準備人臉核驗</translation>
    </message>
    <message numerus="yes">
        <location filename="../face_login.py" line="171" />
        <source>还可尝试 %n 次</source>
        <translation><numerusform>還可嘗試 %n 次</numerusform></translation>
    </message>
</context>
<context>
    <name>FormScreen</name>
    <message>
        <location filename="../form.py" line="84" />
        <source>填写信息</source>
        <translation>填寫資訊</translation>
    </message>
    <message>
        <location filename="../form.py" line="87" />
        <source>请核对并填写信息，带锁的内容已自动填好。</source>
        <translation>請核對並填寫資訊，帶鎖的內容已自動填好。</translation>
    </message>
    <message>
        <location filename="../form.py" line="167" />
        <source>（选填）</source>
        <translation>（選填）</translation>
    </message>
    <message>
        <location filename="../form.py" line="176" />
        <source>已自动填写，不可修改</source>
        <translation>已自動填寫，不可修改</translation>
    </message>
    <message>
        <location filename="../form.py" line="183" />
        <source>已核验</source>
        <translation>已核驗</translation>
    </message>
    <message>
        <location filename="../form.py" line="190" />
        <source>11 位手机号码</source>
        <translation>11 位手機號碼</translation>
    </message>
    <message>
        <location filename="../form.py" line="192" />
        <source>如 2026-01-31</source>
        <translation>如 2026-01-31</translation>
    </message>
    <message>
        <location filename="../form.py" line="193" />
        <source>点击输入</source>
        <translation>點選輸入</translation>
    </message>
    <message>
        <location filename="../form.py" line="249" />
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
        <location filename="../guide.py" line="56" />
        <source>办事指南</source>
        <translation>辦事指南</translation>
    </message>
    <message>
        <location filename="../guide.py" line="59" />
        <source>请阅读办事指南，确认后点击开始填写。</source>
        <translation>請閱讀辦事指南，確認後點擊開始填寫。</translation>
    </message>
    <message>
        <location filename="../guide.py" line="121" />
        <source>办理条件</source>
        <translation>辦理條件</translation>
    </message>
    <message>
        <location filename="../guide.py" line="84" />
        <source>（可用电子证照免交）</source>
        <translation>（可用電子證照免交）</translation>
    </message>
    <message>
        <location filename="../guide.py" line="68" />
        <source>行政许可</source>
        <translation>行政許可</translation>
    </message>
    <message>
        <location filename="../guide.py" line="69" />
        <source>行政确认</source>
        <translation>行政確認</translation>
    </message>
    <message>
        <location filename="../guide.py" line="70" />
        <source>行政给付</source>
        <translation>行政給付</translation>
    </message>
    <message>
        <location filename="../guide.py" line="71" />
        <source>公共服务</source>
        <translation>公共服務</translation>
    </message>
    <message>
        <location filename="../guide.py" line="72" />
        <source>其他行政权力</source>
        <translation>其他行政權力</translation>
    </message>
    <message>
        <location filename="../guide.py" line="77" />
        <source>纸质</source>
        <translation>紙質</translation>
    </message>
    <message>
        <location filename="../guide.py" line="78" />
        <source>电子</source>
        <translation>電子</translation>
    </message>
    <message>
        <location filename="../guide.py" line="79" />
        <source>纸质或电子</source>
        <translation>紙質或電子</translation>
    </message>
    <message>
        <location filename="../guide.py" line="81" />
        <source>必需</source>
        <translation>必需</translation>
    </message>
    <message>
        <location filename="../guide.py" line="81" />
        <source>非必需</source>
        <translation>非必需</translation>
    </message>
    <message>
        <location filename="../guide.py" line="82" />
        <source>%1，%2 份，%3，%4</source>
        <translation>%1，%2 份，%3，%4</translation>
    </message>
    <message>
        <location filename="../guide.py" line="86" />
        <source>%1（%2）</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../guide.py" line="93" />
        <source>法定办结时限：%1 个工作日</source>
        <translation>法定辦結時限：%1 個工作日</translation>
    </message>
    <message>
        <location filename="../guide.py" line="95" />
        <source>承诺办结时限：%1 个工作日</source>
        <translation>承諾辦結時限：%1 個工作日</translation>
    </message>
    <message>
        <location filename="../guide.py" line="103" />
        <source>跨省通办：本终端收件，由 %1 办理。</source>
        <translation>跨省通辦：本終端收件，由 %1 辦理。</translation>
    </message>
    <message>
        <location filename="../guide.py" line="105" />
        <source>承诺时限以办理地为准：%1 个工作日。</source>
        <translation>承諾時限以辦理地為準：%1 個工作日。</translation>
    </message>
    <message>
        <location filename="../guide.py" line="123" />
        <source>所需材料</source>
        <translation>所需材料</translation>
    </message>
    <message>
        <location filename="../guide.py" line="123" />
        <source>无需提交纸质材料</source>
        <translation>無需提交紙質材料</translation>
    </message>
    <message>
        <location filename="../guide.py" line="125" />
        <source>办理流程</source>
        <translation>辦理流程</translation>
    </message>
    <message>
        <location filename="../guide.py" line="126" />
        <source>办理时限</source>
        <translation>辦理時限</translation>
    </message>
    <message>
        <location filename="../guide.py" line="128" />
        <source>收费依据：%1</source>
        <translation>收費依據：%1</translation>
    </message>
    <message>
        <location filename="../guide.py" line="130" />
        <source>收费标准</source>
        <translation>收費標準</translation>
    </message>
    <message>
        <location filename="../guide.py" line="132" />
        <source>办理结果及送达</source>
        <translation>辦理結果及送達</translation>
    </message>
    <message>
        <location filename="../guide.py" line="133" />
        <source>无需到现场</source>
        <translation>無需到現場</translation>
    </message>
    <message>
        <location filename="../guide.py" line="133" />
        <source>最多到现场 1 次</source>
        <translation>最多到現場 1 次</translation>
    </message>
    <message>
        <location filename="../guide.py" line="134" />
        <source>到办事现场次数</source>
        <translation>到辦事現場次數</translation>
    </message>
    <message>
        <location filename="../guide.py" line="137" />
        <source>办理地点和时间</source>
        <translation>辦理地點和時間</translation>
    </message>
    <message>
        <location filename="../guide.py" line="140" />
        <source>咨询电话：%1</source>
        <translation>諮詢電話：%1</translation>
    </message>
    <message>
        <location filename="../guide.py" line="142" />
        <source>投诉电话：%1</source>
        <translation>投訴電話：%1</translation>
    </message>
    <message>
        <location filename="../guide.py" line="144" />
        <source>咨询投诉</source>
        <translation>諮詢投訴</translation>
    </message>
    <message>
        <location filename="../guide.py" line="146" />
        <source>实施主体：%1</source>
        <translation>實施主體：%1</translation>
    </message>
    <message>
        <location filename="../guide.py" line="148" />
        <source>实施编码：%1</source>
        <translation>實施編碼：%1</translation>
    </message>
    <message>
        <location filename="../guide.py" line="149" />
        <source>基本编码：%1</source>
        <translation>基本編碼：%1</translation>
    </message>
    <message>
        <location filename="../guide.py" line="150" />
        <source>事项信息</source>
        <translation>事項資訊</translation>
    </message>
    <message>
        <location filename="../guide.py" line="151" />
        <source>设定依据</source>
        <translation>設定依據</translation>
    </message>
    <message>
        <location filename="../guide.py" line="153" />
        <source>温馨提示</source>
        <translation>溫馨提示</translation>
    </message>
    <message>
        <location filename="../guide.py" line="161" />
        <source>开始填写</source>
        <translation>開始填寫</translation>
    </message>
</context>
<context>
    <name>HandoffController</name>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="185" />
        <source>本终端暂无智能文件柜，请到窗口领取。</source>
        <extracomment>Shown through :func:`kiosk.ui.core_texts.shown`: retranslated on a language switch.</extracomment>
        <translation>本終端暫無智慧檔案櫃，請到窗口領取。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="187" />
        <source>请扫描回执二维码或输入取件码。</source>
        <translation>請掃描回執二維碼或輸入取件碼。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="208" />
        <source>取件暂时无法办理，请联系工作人员。</source>
        <translation>取件暫時無法辦理，請聯絡工作人員。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="213" />
        <source>取件码正确。请将身份证放在读卡区，核对身份后开柜。</source>
        <translation>取件碼正確。請將身份證放在讀卡區，核對身份後開櫃。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="216" />
        <source>正在核对取件码…</source>
        <translation>正在核對取件碼…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="265" />
        <source>取件未完成，请联系工作人员。</source>
        <translation>取件未完成，請聯絡工作人員。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="274" />
        <source>取件完成：%1 号柜。请带好您的材料。</source>
        <translation>取件完成：%1 號櫃。請帶好您的材料。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="272" />
        <source>%1 号柜门未关闭，已通知工作人员。取件已登记。</source>
        <translation>%1 號櫃門未關閉，已通知工作人員。取件已登記。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="280" />
        <source>身份核对中，柜门即将打开，请取出材料后关好柜门。</source>
        <translation>身份核對中，櫃門即將開啟，請取出材料後關好櫃門。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="314" />
        <source>材料未存入，请到窗口递交或联系工作人员。</source>
        <translation>材料未存入，請到窗口遞交或聯絡工作人員。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="321" />
        <source>柜内未检测到材料，本次未存放。如需存放请重新操作。</source>
        <translation>櫃內未檢測到材料，本次未存放。如需存放請重新操作。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="330" />
        <source>材料已存入 %1 号柜并登记，工作人员将取件处理。</source>
        <translation>材料已存入 %1 號櫃並登記，工作人員將取件處理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="328" />
        <source>材料已登记在 %1 号柜，但柜门未关闭，已通知工作人员。</source>
        <translation>材料已登記在 %1 號櫃，但櫃門未關閉，已通知工作人員。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="332" />
        <source>存放凭条已打印。</source>
        <translation>存放憑條已列印。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="334" />
        <source>凭条未能打印（%1），请记下柜号。</source>
        <translation>憑條未能列印（%1），請記下櫃號。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="340" />
        <source>柜门正在打开，请放入材料原件后关好柜门。</source>
        <translation>櫃門正在開啟，請放入材料原件後關好櫃門。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="390" />
        <source>邮寄服务暂不可用，请到窗口办理。</source>
        <translation>郵寄服務暫不可用，請到窗口辦理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="400" />
        <source>请选择省、市、区县。</source>
        <translation>請選擇省、市、區縣。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="441" />
        <source>寄件单未能保存，请到窗口办理邮寄。</source>
        <translation>寄件單未能儲存，請到窗口辦理郵寄。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="448" />
        <source>正在提交寄件信息…</source>
        <translation>正在提交寄件資訊…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="454" />
        <source>已下单：办理结果将邮寄到您填写的地址。运单号 %1。</source>
        <translation>已下單：辦理結果將郵寄到您填寫的地址。運單號 %1。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="456" />
        <source>已下单：快递员将上门取件。运单号 %1。</source>
        <translation>已下單：快遞員將上門取件。運單號 %1。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="459" />
        <source>面单或回执未能打印（%1），运单号将以短信告知。</source>
        <translation>面單或回執未能列印（%1），運單號將以簡訊告知。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="463" />
        <source>寄件面单和邮寄回执（含运单号）已打印。</source>
        <translation>寄件面單和郵寄回執（含運單號）已列印。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="464" />
        <source>寄件面单已打印。</source>
        <translation>寄件面單已列印。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="466" />
        <source>快递公司未接受该寄件单，工作人员将与您电话联系。</source>
        <translation>快遞公司未接受該寄件單，工作人員將與您電話聯絡。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="467" />
        <source>寄件单已保存在本机，网络恢复后自动向快递公司下单，运单号将以短信告知。</source>
        <translation>寄件單已儲存在本機，網路恢復後自動向快遞公司下單，運單號將以簡訊告知。</translation>
    </message>
</context>
<context>
    <name>HandoffEntries</name>
    <message>
        <location filename="../handoff_entries.py" line="70" />
        <source>取件（智能文件柜）</source>
        <translation>取件（智慧檔案櫃）</translation>
    </message>
    <message>
        <location filename="../handoff_entries.py" line="71" />
        <source>邮寄送达</source>
        <translation>郵寄送達</translation>
    </message>
    <message>
        <location filename="../handoff_entries.py" line="72" />
        <source>存放材料原件</source>
        <translation>存放材料原件</translation>
    </message>
    <message>
        <location filename="../handoff_entries.py" line="73" />
        <source>快递上门取件</source>
        <translation>快遞上門取件</translation>
    </message>
</context>
<context>
    <name>IdentifyController</name>
    <message>
        <location filename="../../kiosk/ui/controllers/identify.py" line="139" />
        <source>证件已取走，登录已取消。请重新放置证件。</source>
        <extracomment>A login was cancelled (card lifted): the screen drops a face check in progress. How long the identify screen shows the masked identity before moving on. How long to wait for the reader's next presence probe at the moment of acceptance (it probes every 0.3 s; generous for a loaded terminal). The identity number of the accepted card (to recognise it during the grace). The resident chose 刷脸登录: the next card read is followed by a face check.</extracomment>
        <translation>證件已取走，登入已取消。請重新放置證件。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/identify.py" line="170" />
        <source>读卡失败，请重新放置。</source>
        <translation>讀卡失敗，請重新放置。</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <location filename="../identify.py" line="138" />
        <source>身份识别</source>
        <translation>身份識別</translation>
    </message>
    <message>
        <location filename="../identify.py" line="141" />
        <source>请将身份证或社保卡放在感应区。</source>
        <translation>請將身份證或社保卡放在感應區。</translation>
    </message>
    <message>
        <location filename="../identify.py" line="150" />
        <source>刷脸登录：请先将身份证放在感应区</source>
        <translation>刷臉登入：請先將身份證放在感應區</translation>
    </message>
    <message>
        <location filename="../identify.py" line="151" />
        <source>读取证件后请看向摄像头，按提示眨眼</source>
        <translation>讀取證件後請看向攝像頭，按提示眨眼</translation>
    </message>
    <message>
        <location filename="../identify.py" line="178" />
        <source>人脸核验暂不可用，请使用其他方式登录</source>
        <translation>人臉核驗暫不可用，請使用其他方式登入</translation>
    </message>
    <message>
        <location filename="../identify.py" line="193" />
        <source>人脸核验未通过</source>
        <translation>人臉核驗未通過</translation>
    </message>
    <message>
        <location filename="../identify.py" line="221" />
        <source>请将身份证或社保卡放在感应区</source>
        <translation>請將身份證或社保卡放在感應區</translation>
    </message>
    <message>
        <location filename="../identify.py" line="222" />
        <source>也可以选择刷脸登录或政务App扫码登录</source>
        <translation>也可以選擇刷臉登入或政務App掃碼登入</translation>
    </message>
    <message>
        <location filename="../identify.py" line="227" />
        <source>正在读取证件，请勿移动…</source>
        <translation>正在讀取證件，請勿移動…</translation>
    </message>
    <message>
        <location filename="../identify.py" line="232" />
        <source>识别成功：%1</source>
        <translation>識別成功：%1</translation>
    </message>
    <message>
        <location filename="../identify.py" line="239" />
        <source>请取回证件后重试，或联系工作人员</source>
        <translation>請取回證件後重試，或聯絡工作人員</translation>
    </message>
    <message>
        <location filename="../identify.py" line="256" />
        <source>请出示证件</source>
        <translation>請出示證件</translation>
    </message>
    <message>
        <location filename="../identify.py" line="257" />
        <source>刷脸登录</source>
        <translation>刷臉登入</translation>
    </message>
    <message>
        <location filename="../identify.py" line="258" />
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
        <location filename="../idle_overlay.py" line="53" />
        <source>您还在办理吗？</source>
        <translation>您還在辦理嗎？</translation>
    </message>
    <message>
        <location filename="../idle_overlay.py" line="54" />
        <source>继续办理</source>
        <translation>繼續辦理</translation>
    </message>
</context>
<context>
    <name>LockerPanel</name>
    <message>
        <location filename="../locker_admin.py" line="75" />
        <source>未配置智能文件柜</source>
        <translation>未配置智慧檔案櫃</translation>
    </message>
    <message>
        <location filename="../locker_admin.py" line="100" />
        <source>已开启 %1 个存件柜格</source>
        <translation>已開啟 %1 個存件櫃格</translation>
    </message>
    <message>
        <location filename="../locker_admin.py" line="109" />
        <source>正在开启存件柜格…</source>
        <translation>正在開啟存件櫃格…</translation>
    </message>
    <message>
        <location filename="../locker_admin.py" line="116" />
        <source>请填写受理编号和申请人身份证号</source>
        <translation>請填寫受理編號和申請人身份證號</translation>
    </message>
    <message>
        <location filename="../locker_admin.py" line="118" />
        <source>柜门正在打开，请放入办理结果后关门</source>
        <translation>櫃門正在開啟，請放入辦理結果後關門</translation>
    </message>
    <message>
        <location filename="../locker_admin.py" line="127" />
        <source>%1 已恢复使用</source>
        <translation>%1 已恢復使用</translation>
    </message>
    <message>
        <location filename="../locker_admin.py" line="146" />
        <source>智能文件柜</source>
        <translation>智慧檔案櫃</translation>
    </message>
    <message>
        <location filename="../locker_admin.py" line="147" />
        <source>开启存件柜格（收取材料）</source>
        <translation>開啟存件櫃格（收取材料）</translation>
    </message>
    <message>
        <location filename="../locker_admin.py" line="148" />
        <source>受理编号</source>
        <translation>受理編號</translation>
    </message>
    <message>
        <location filename="../locker_admin.py" line="149" />
        <source>申请人身份证号</source>
        <translation>申請人身份證號</translation>
    </message>
    <message>
        <location filename="../locker_admin.py" line="150" />
        <source>装入办理结果</source>
        <translation>裝入辦理結果</translation>
    </message>
    <message>
        <location filename="../locker_admin.py" line="151" />
        <source>柜格编号</source>
        <translation>櫃格編號</translation>
    </message>
    <message>
        <location filename="../locker_admin.py" line="152" />
        <source>恢复使用</source>
        <translation>恢復使用</translation>
    </message>
</context>
<context>
    <name>LockerScreen</name>
    <message>
        <location filename="../locker.py" line="71" />
        <source>智能文件柜</source>
        <translation>智慧檔案櫃</translation>
    </message>
    <message>
        <location filename="../locker.py" line="85" />
        <source>请输入取件码。</source>
        <translation>請輸入取件碼。</translation>
    </message>
    <message>
        <location filename="../locker.py" line="114" />
        <source>取件</source>
        <translation>取件</translation>
    </message>
    <message>
        <location filename="../locker.py" line="114" />
        <source>存放材料原件</source>
        <translation>存放材料原件</translation>
    </message>
    <message>
        <location filename="../locker.py" line="117" />
        <source>完成</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../locker.py" line="117" />
        <location filename="../locker.py" line="126" />
        <source>返回</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../locker.py" line="125" />
        <source>确认</source>
        <translation>確認</translation>
    </message>
    <message>
        <location filename="../locker.py" line="127" />
        <source>10 位取件码</source>
        <translation>10 位取件碼</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="514" />
        <source>证件已取走，请在 %1 秒内放回读卡区，否则本次办理将结束</source>
        <translation>證件已取走，請在 %1 秒內放回讀卡區，否則本次辦理將結束</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="508" />
        <source>请勿取走证件，办理完成前请将证件留在读卡区</source>
        <extracomment>Pause between two screens built in idle time: touches and the warm start's replies are handled in between. The header's row of switches (and, on a landscape screen, the title first). Long press on the header's top-left corner opens the technician PIN pad. Presses that count as the resident's activity.</extracomment>
        <translation>請勿取走證件，辦理完成前請將證件留在讀卡區</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="508" />
        <source>请勿取走证件</source>
        <translation>請勿取走證件</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="650" />
        <source>%1 秒后自动退出</source>
        <translation>%1 秒後自動退出</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="658" />
        <source>长辈模式</source>
        <translation>長輩模式</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="659" />
        <source>语音播报</source>
        <translation>語音播報</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="660" />
        <source>返回</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="661" />
        <source>退出</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>MaterialsScreen</name>
    <message>
        <location filename="../materials.py" line="199" />
        <location filename="../materials.py" line="505" />
        <source>请拍摄申请材料</source>
        <extracomment>The name in the UI's language (``name``, the canonical one, labels the PDF). JPEG pages as bytearrays so that the wipe can zero them. Small previews of the pages (QPixmap), shown in the page strip.</extracomment>
        <translation>請拍攝申請材料</translation>
    </message>
    <message>
        <location filename="../materials.py" line="201" />
        <location filename="../materials.py" line="507" />
        <source>请将材料平放在高拍仪下方，保持不动即可自动拍摄；也可点击“拍照”。</source>
        <translation>請將材料平放在高拍儀下方，保持不動即可自動拍攝；也可點選“拍照”。</translation>
    </message>
    <message>
        <location filename="../materials.py" line="226" />
        <location filename="../materials.py" line="511" />
        <source>重拍</source>
        <translation>重拍</translation>
    </message>
    <message>
        <location filename="../materials.py" line="227" />
        <location filename="../materials.py" line="512" />
        <source>使用此页</source>
        <translation>使用此頁</translation>
    </message>
    <message>
        <location filename="../materials.py" line="237" />
        <location filename="../materials.py" line="509" />
        <source>所需材料</source>
        <translation>所需材料</translation>
    </message>
    <message>
        <location filename="../materials.py" line="253" />
        <location filename="../materials.py" line="513" />
        <source>删除所选页</source>
        <translation>刪除所選頁</translation>
    </message>
    <message>
        <location filename="../materials.py" line="262" />
        <location filename="../materials.py" line="514" />
        <source>返回</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../materials.py" line="263" />
        <location filename="../materials.py" line="515" />
        <source>拍照</source>
        <translation>拍照</translation>
    </message>
    <message>
        <location filename="../materials.py" line="264" />
        <location filename="../materials.py" line="516" />
        <source>完成</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../materials.py" line="316" />
        <source>正在拍摄，请稍候…</source>
        <translation>正在拍攝，請稍候…</translation>
    </message>
    <message>
        <location filename="../materials.py" line="349" />
        <source>请先选择要删除的页面。</source>
        <translation>請先選擇要刪除的頁面。</translation>
    </message>
    <message>
        <location filename="../materials.py" line="360" />
        <source>还缺少材料：</source>
        <translation>還缺少材料：</translation>
    </message>
    <message>
        <location filename="../materials.py" line="371" />
        <source>正在整理材料，请稍候…</source>
        <translation>正在整理材料，請稍候…</translation>
    </message>
    <message>
        <location filename="../materials.py" line="383" />
        <source>请将材料放入拍摄区域</source>
        <translation>請將材料放入拍攝區域</translation>
    </message>
    <message>
        <location filename="../materials.py" line="384" />
        <source>请保持材料不动</source>
        <translation>請保持材料不動</translation>
    </message>
    <message>
        <location filename="../materials.py" line="385" />
        <source>保持不动，即将自动拍摄…</source>
        <translation>保持不動，即將自動拍攝…</translation>
    </message>
    <message>
        <location filename="../materials.py" line="386" />
        <source>正在拍摄…</source>
        <translation>正在拍攝…</translation>
    </message>
    <message>
        <location filename="../materials.py" line="387" />
        <source>已拍摄，可放入下一页</source>
        <translation>已拍攝，可放入下一頁</translation>
    </message>
    <message>
        <location filename="../materials.py" line="390" />
        <source>请点击“拍照”</source>
        <translation>請點選“拍照”</translation>
    </message>
    <message>
        <location filename="../materials.py" line="411" />
        <source>未识别到材料边缘，已保留整幅画面。</source>
        <translation>未識別到材料邊緣，已保留整幅畫面。</translation>
    </message>
    <message>
        <location filename="../materials.py" line="415" />
        <source>请确认本页清晰完整。</source>
        <translation>請確認本頁清晰完整。</translation>
    </message>
    <message>
        <location filename="../materials.py" line="433" />
        <source>高拍仪暂时没有画面，请稍候或联系工作人员。</source>
        <translation>高拍儀暫時沒有畫面，請稍候或聯絡工作人員。</translation>
    </message>
    <message>
        <location filename="../materials.py" line="453" />
        <source>材料已整理：%1 页，%2</source>
        <translation>材料已整理：%1 頁，%2</translation>
    </message>
    <message>
        <location filename="../materials.py" line="542" />
        <source>%1：%2 页，%3</source>
        <translation>%1：%2 頁，%3</translation>
    </message>
    <message>
        <location filename="../materials.py" line="526" />
        <source>（可选）</source>
        <translation>（可選）</translation>
    </message>
    <message>
        <location filename="../materials.py" line="539" />
        <source>第</source>
        <translation>第</translation>
    </message>
    <message>
        <location filename="../materials.py" line="539" />
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
        <translation>高拍儀不可用，請到窗口提交材料。</translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <location filename="../keyboard.py" line="259" />
        <location filename="../keyboard.py" line="291" />
        <source>拼音</source>
        <extracomment>Candidates shown at once; the rest are a page away (‹ ›). Typed as they are, between phrases: what addresses need besides digits. 注音 in the order residents learn it; the tones are on the control row (ˉ is 空格). Three rows of 13: with the control row that is four rows of keys, as the other layouts (four rows of ten plus the control row did not fit 1366×768 elderly). The address words in Traditional characters, for zh_TW. A key was pressed or a target attached: the page keeps the target in view.</extracomment>
        <translation>拼音</translation>
    </message>
    <message>
        <location filename="../keyboard.py" line="261" />
        <source>字母</source>
        <translation>字母</translation>
    </message>
    <message>
        <location filename="../keyboard.py" line="291" />
        <source>注音</source>
        <translation>注音</translation>
    </message>
    <message>
        <location filename="../keyboard.py" line="301" />
        <source>完成</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../keyboard.py" line="286" />
        <source>空格</source>
        <translation>空格</translation>
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
    <name>PaymentController</name>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="149" />
        <source>缴费</source>
        <extracomment>How long the "show your payment code" prompt waits for a scan. The QR's countdown ends this much before the provider's own expiry. The fee and its exemption rules: the screen shows their texts in its language. Payments are possible here (else: pay at the counter). Shown through :func:`kiosk.ui.core_texts.shown`: retranslated on a language switch. Bumped by a cancel or a timeout: answers of older jobs are then ignored.</extracomment>
        <translation>繳費</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="149" />
        <source>元</source>
        <translation>元</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="150" />
        <source>收费依据</source>
        <translation>收費依據</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="153" />
        <source>免缴对象</source>
        <translation>免繳對象</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="156" />
        <source>本次</source>
        <translation>本次</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="156" />
        <source>您符合免缴条件（%1），无需缴费。</source>
        <translation>您符合免繳條件（%1），無需繳費。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="159" />
        <source>提示</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="159" />
        <source>%1请到窗口核验后免缴。</source>
        <translation>%1請到窗口核驗後免繳。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="190" />
        <source>正在生成支付二维码…</source>
        <translation>正在生成支付二維碼…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="253" />
        <source>正在支付，请稍候…</source>
        <translation>正在支付，請稍候…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="279" />
        <location filename="../../kiosk/ui/controllers/payment.py" line="294" />
        <source>已取消缴费，未扣款。</source>
        <translation>已取消繳費，未扣款。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="286" />
        <source>正在取消，请稍候…</source>
        <translation>正在取消，請稍候…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="404" />
        <source>已缴费 %1 元</source>
        <translation>已繳費 %1 元</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="414" />
        <source>您支付的 %1 元已原路退回。</source>
        <translation>您支付的 %1 元已原路退回。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="416" />
        <source>您支付的 %1 元将自动原路退回（退款处理中）。</source>
        <translation>您支付的 %1 元將自動原路退回（退款處理中）。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="418" />
        <source>支付金额与应缴金额不符。</source>
        <translation>支付金額與應繳金額不符。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="426" />
        <source>支付未完成，订单已关闭，未扣款。</source>
        <translation>支付未完成，訂單已關閉，未扣款。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="431" />
        <location filename="../../kiosk/ui/controllers/payment.py" line="452" />
        <source>支付未成功，未扣款。</source>
        <translation>支付未成功，未扣款。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="440" />
        <source>暂时无法确认支付结果。终端会继续向支付系统确认：如已扣款，将自动原路退回，请勿重复付款。</source>
        <translation>暫時無法確認支付結果。終端會繼續向支付系統確認：如已扣款，將自動原路退回，請勿重複付款。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="494" />
        <source>等待超时，未扣款。</source>
        <translation>等待超時，未扣款。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="500" />
        <source>支付超时，正在关闭订单…</source>
        <translation>支付超時，正在關閉訂單…</translation>
    </message>
</context>
<context>
    <name>PaymentScreen</name>
    <message>
        <location filename="../payment.py" line="121" />
        <source>缴费</source>
        <translation>繳費</translation>
    </message>
    <message>
        <location filename="../payment.py" line="124" />
        <source>本事项需要缴费，请确认金额后选择支付方式。</source>
        <translation>本事項需要繳費，請確認金額後選擇支付方式。</translation>
    </message>
    <message>
        <location filename="../payment.py" line="134" />
        <source>屏幕扫码支付</source>
        <translation>螢幕掃碼支付</translation>
    </message>
    <message>
        <location filename="../payment.py" line="135" />
        <source>出示付款码</source>
        <translation>出示付款碼</translation>
    </message>
    <message>
        <location filename="../payment.py" line="136" />
        <source>继续提交申请</source>
        <translation>繼續提交申請</translation>
    </message>
    <message>
        <location filename="../payment.py" line="137" />
        <source>返回重新缴费</source>
        <translation>返回重新繳費</translation>
    </message>
    <message>
        <location filename="../payment.py" line="145" />
        <source>缴费确认</source>
        <translation>繳費確認</translation>
    </message>
    <message>
        <location filename="../payment.py" line="146" />
        <source>请扫码支付</source>
        <translation>請掃碼支付</translation>
    </message>
    <message>
        <location filename="../payment.py" line="147" />
        <source>请出示付款码</source>
        <translation>請出示付款碼</translation>
    </message>
    <message>
        <location filename="../payment.py" line="148" />
        <source>正在支付</source>
        <translation>正在支付</translation>
    </message>
    <message>
        <location filename="../payment.py" line="149" />
        <source>缴费成功</source>
        <translation>繳費成功</translation>
    </message>
    <message>
        <location filename="../payment.py" line="150" />
        <source>支付超时</source>
        <translation>支付超時</translation>
    </message>
    <message>
        <location filename="../payment.py" line="151" />
        <source>支付未成功</source>
        <translation>支付未成功</translation>
    </message>
    <message>
        <location filename="../payment.py" line="152" />
        <source>费用已退回</source>
        <translation>費用已退回</translation>
    </message>
    <message>
        <location filename="../payment.py" line="153" />
        <source>支付结果确认中</source>
        <translation>支付結果確認中</translation>
    </message>
    <message>
        <location filename="../payment.py" line="158" />
        <source>%1：%2 元</source>
        <translation>%1：%2 元</translation>
    </message>
    <message>
        <location filename="../payment.py" line="159" />
        <source>收费依据：%1</source>
        <translation>收費依據：%1</translation>
    </message>
    <message>
        <location filename="../payment.py" line="162" />
        <source>免缴对象：%1（符合条件的请到窗口核验）</source>
        <translation>免繳對象：%1（符合條件的請到窗口核驗）</translation>
    </message>
    <message>
        <location filename="../payment.py" line="166" />
        <source>请选择支付方式：用手机扫屏幕上的二维码，或出示手机上的付款码。</source>
        <translation>請選擇支付方式：用手機掃螢幕上的二維碼，或出示手機上的付款碼。</translation>
    </message>
    <message>
        <location filename="../payment.py" line="169" />
        <source>本终端暂不能缴费，请到窗口缴费办理。</source>
        <translation>本終端暫不能繳費，請到窗口繳費辦理。</translation>
    </message>
    <message>
        <location filename="../payment.py" line="170" />
        <source>请打开微信、支付宝或云闪付，扫描下方二维码完成支付。</source>
        <translation>請開啟微信、支付寶或雲閃付，掃描下方二維碼完成支付。</translation>
    </message>
    <message>
        <location filename="../payment.py" line="171" />
        <source>请打开微信、支付宝或云闪付的“付款码”，对准扫码口。</source>
        <translation>請開啟微信、支付寶或雲閃付的“付款碼”，對準掃碼口。</translation>
    </message>
    <message>
        <location filename="../payment.py" line="172" />
        <source>如手机提示确认，请在手机上确认支付。请勿离开。</source>
        <translation>如手機提示確認，請在手機上確認支付。請勿離開。</translation>
    </message>
    <message>
        <location filename="../payment.py" line="173" />
        <source>订单号：%1</source>
        <translation>訂單號：%1</translation>
    </message>
    <message>
        <location filename="../payment.py" line="186" />
        <source>剩余 %1 秒</source>
        <translation>剩餘 %1 秒</translation>
    </message>
    <message>
        <location filename="../payment.py" line="190" />
        <source>财政电子票据：%1</source>
        <translation>財政電子票據：%1</translation>
    </message>
    <message>
        <location filename="../payment.py" line="206" />
        <source>取消并退款</source>
        <translation>取消並退款</translation>
    </message>
    <message>
        <location filename="../payment.py" line="207" />
        <source>取消支付</source>
        <translation>取消支付</translation>
    </message>
    <message>
        <location filename="../payment.py" line="209" />
        <source>返回</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../payment.py" line="209" />
        <source>取消</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../admin.py" line="78" />
        <location filename="../admin.py" line="142" />
        <source>技术维护：请输入维护密码</source>
        <translation>技術維護：請輸入維護密碼</translation>
    </message>
    <message>
        <location filename="../admin.py" line="92" />
        <location filename="../admin.py" line="110" />
        <source>取消</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../admin.py" line="96" />
        <location filename="../admin.py" line="111" />
        <source>确定</source>
        <translation>確定</translation>
    </message>
    <message>
        <location filename="../admin.py" line="143" />
        <source>首次启用：请输入一次性启用码（见现场人员的启用单）</source>
        <translation>首次啟用：請輸入一次性啟用碼（見現場人員的啟用單）</translation>
    </message>
    <message>
        <location filename="../admin.py" line="144" />
        <source>请设置维护密码（6至12位数字）</source>
        <translation>請設定維護密碼（6至12位數字）</translation>
    </message>
    <message>
        <location filename="../admin.py" line="145" />
        <source>请再次输入新的维护密码</source>
        <translation>請再次輸入新的維護密碼</translation>
    </message>
    <message>
        <location filename="../admin.py" line="160" />
        <location filename="../admin.py" line="221" />
        <source>本终端尚未设置维护密码，请用配置包设置后再试</source>
        <translation>本終端尚未設定維護密碼，請用配置包設定後再試</translation>
    </message>
    <message>
        <location filename="../admin.py" line="164" />
        <location filename="../admin.py" line="215" />
        <source>错误次数过多，已锁定 %1 分钟</source>
        <translation>錯誤次數過多，已鎖定 %1 分鐘</translation>
    </message>
    <message>
        <location filename="../admin.py" line="168" />
        <source>密码错误，还可尝试 %1 次</source>
        <translation>密碼錯誤，還可嘗試 %1 次</translation>
    </message>
    <message>
        <location filename="../admin.py" line="176" />
        <source>启用码应为12至24位数字</source>
        <translation>啟用碼應為12至24位數字</translation>
    </message>
    <message>
        <location filename="../admin.py" line="189" />
        <source>两次输入不一致，请重新设置</source>
        <translation>兩次輸入不一致，請重新設定</translation>
    </message>
    <message>
        <location filename="../admin.py" line="196" />
        <source>维护密码应为6至12位数字</source>
        <translation>維護密碼應為6至12位數字</translation>
    </message>
    <message>
        <location filename="../admin.py" line="197" />
        <source>维护密码过于简单（不可全部相同、连续或为演示密码）</source>
        <translation>維護密碼過於簡單（不可全部相同、連續或為演示密碼）</translation>
    </message>
    <message>
        <location filename="../admin.py" line="210" />
        <source>启用码错误，还可尝试 %1 次</source>
        <translation>啟用碼錯誤，還可嘗試 %1 次</translation>
    </message>
    <message>
        <location filename="../admin.py" line="218" />
        <source>该启用码已使用过，请向运维中心申请新的启用码</source>
        <translation>該啟用碼已使用過，請向運維中心申請新的啟用碼</translation>
    </message>
</context>
<context>
    <name>PostScreen</name>
    <message>
        <location filename="../post.py" line="147" />
        <source>邮寄送达</source>
        <translation>郵寄送達</translation>
    </message>
    <message>
        <location filename="../post.py" line="249" />
        <source>办理结果邮寄到家（免费）</source>
        <translation>辦理結果郵寄到家（免費）</translation>
    </message>
    <message>
        <location filename="../post.py" line="251" />
        <source>预约快递上门取件（容缺后补材料）</source>
        <translation>預約快遞上門取件（容缺後補材料）</translation>
    </message>
    <message>
        <location filename="../post.py" line="266" />
        <source>完成</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../post.py" line="266" />
        <location filename="../post.py" line="296" />
        <source>返回</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../post.py" line="286" />
        <source>请选择省、市、区县和街道（乡镇），门牌号在下方填写（街道不在列表中请一并填写）：</source>
        <translation>請選擇省、市、區縣和街道（鄉鎮），門牌號在下方填寫（街道不在列表中請一併填寫）：</translation>
    </message>
    <message>
        <location filename="../post.py" line="294" />
        <source>路名、小区、门牌号</source>
        <translation>路名、小區、門牌號</translation>
    </message>
    <message>
        <location filename="../post.py" line="289" />
        <source>收件人</source>
        <translation>收件人</translation>
    </message>
    <message>
        <location filename="../post.py" line="290" />
        <source>手机号码</source>
        <translation>手機號碼</translation>
    </message>
    <message>
        <location filename="../post.py" line="291" />
        <source>详细地址</source>
        <translation>詳細地址</translation>
    </message>
    <message>
        <location filename="../post.py" line="292" />
        <source>收件人姓名</source>
        <translation>收件人姓名</translation>
    </message>
    <message>
        <location filename="../post.py" line="293" />
        <source>11 位手机号码</source>
        <translation>11 位手機號碼</translation>
    </message>
    <message>
        <location filename="../post.py" line="295" />
        <source>确认寄送</source>
        <translation>確認寄送</translation>
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
    <name>ReconcilePanel</name>
    <message>
        <location filename="../payment_reconcile.py" line="31" />
        <location filename="../payment_reconcile.py" line="50" />
        <source>缴费对账</source>
        <translation>繳費對帳</translation>
    </message>
    <message>
        <location filename="../payment_reconcile.py" line="39" />
        <location filename="../payment_reconcile.py" line="51" />
        <source>对账（今日）</source>
        <translation>對帳（今日）</translation>
    </message>
    <message>
        <location filename="../payment_reconcile.py" line="82" />
        <source>正在下载对账单…</source>
        <translation>正在下載對帳單…</translation>
    </message>
    <message>
        <location filename="../payment_reconcile.py" line="88" />
        <source>对账失败：%1</source>
        <translation>對帳失敗：%1</translation>
    </message>
    <message>
        <location filename="../payment_reconcile.py" line="96" />
        <source>对账记录读取失败</source>
        <translation>對帳記錄讀取失敗</translation>
    </message>
    <message>
        <location filename="../payment_reconcile.py" line="100" />
        <source>尚未对账</source>
        <translation>尚未對帳</translation>
    </message>
    <message>
        <location filename="../payment_reconcile.py" line="104" />
        <source>%1：支付 %2 笔，退款 %3 笔</source>
        <translation>%1：支付 %2 筆，退款 %3 筆</translation>
    </message>
    <message>
        <location filename="../payment_reconcile.py" line="107" />
        <source>账目一致</source>
        <translation>帳目一致</translation>
    </message>
    <message>
        <location filename="../payment_reconcile.py" line="109" />
        <source>不一致 %1 处</source>
        <translation>不一致 %1 處</translation>
    </message>
    <message>
        <location filename="../payment_reconcile.py" line="122" />
        <source>未结订单：%1</source>
        <translation>未結訂單：%1</translation>
    </message>
</context>
<context>
    <name>ResultScreen</name>
    <message>
        <location filename="../result.py" line="63" />
        <source>办理结果</source>
        <translation>辦理結果</translation>
    </message>
    <message>
        <location filename="../result.py" line="74" />
        <source>打印失败</source>
        <translation>列印失敗</translation>
    </message>
    <message>
        <location filename="../result.py" line="85" />
        <source>临时编号：%1</source>
        <translation>臨時編號：%1</translation>
    </message>
    <message>
        <location filename="../result.py" line="87" />
        <source>受理编号：%1</source>
        <translation>受理編號：%1</translation>
    </message>
    <message>
        <location filename="../result.py" line="98" />
        <source>办理其他事项</source>
        <translation>辦理其他事項</translation>
    </message>
    <message>
        <location filename="../result.py" line="99" />
        <source>评价本次服务</source>
        <translation>評價本次服務</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <location filename="../review.py" line="64" />
        <location filename="../review.py" line="146" />
        <source>确认提交</source>
        <translation>確認提交</translation>
    </message>
    <message>
        <location filename="../review.py" line="67" />
        <source>请核对以下信息，确认无误后提交。</source>
        <translation>請核對以下資訊，確認無誤後提交。</translation>
    </message>
    <message>
        <location filename="../review.py" line="80" />
        <source>申请人</source>
        <translation>申請人</translation>
    </message>
    <message>
        <location filename="../review.py" line="98" />
        <source>已扫描材料</source>
        <translation>已掃描材料</translation>
    </message>
    <message>
        <location filename="../review.py" line="99" />
        <source>%1 份</source>
        <translation>%1 份</translation>
    </message>
    <message>
        <location filename="../review.py" line="103" />
        <source>签名</source>
        <translation>簽名</translation>
    </message>
    <message>
        <location filename="../review.py" line="104" />
        <source>已签名</source>
        <translation>已簽名</translation>
    </message>
    <message>
        <location filename="../review.py" line="104" />
        <source>未签名</source>
        <translation>未簽名</translation>
    </message>
    <message>
        <location filename="../review.py" line="110" />
        <source>，承诺 %1 个工作日</source>
        <translation>，承諾 %1 個工作日</translation>
    </message>
    <message>
        <location filename="../review.py" line="111" />
        <source>办理地</source>
        <translation>辦理地</translation>
    </message>
    <message>
        <location filename="../review.py" line="126" />
        <source>符合即时办结条件，提交后立即打印证明。</source>
        <translation>符合即時辦結條件，提交後立即列印證明。</translation>
    </message>
    <message>
        <location filename="../review.py" line="127" />
        <source>提交后将打印受理回执，凭受理编号查询进度。</source>
        <translation>提交後將列印受理回執，憑受理編號查詢進度。</translation>
    </message>
    <message>
        <location filename="../review.py" line="128" />
        <source>提交后显示查询结果。</source>
        <translation>提交後顯示查詢結果。</translation>
    </message>
</context>
<context>
    <name>ServiceController</name>
    <message>
        <location filename="../../kiosk/ui/controllers/service.py" line="90" />
        <source>网络暂不可用，查询类事项请稍后再试或到窗口办理。</source>
        <extracomment>The fee step between review and submit (issue 20).</extracomment>
        <translation>網路暫不可用，查詢類事項請稍後再試或到窗口辦理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/service.py" line="92" />
        <source>网络暂不可用，本事项需要联网办理。可办理其他标有“离线可办”的事项，或到窗口办理。</source>
        <translation>網路暫不可用，本事項需要聯網辦理。可辦理其他標有“離線可辦”的事項，或到窗口辦理。</translation>
    </message>
</context>
<context>
    <name>ShellController</name>
    <message>
        <location filename="../../kiosk/ui/controllers/base.py" line="147" />
        <source>演示模式：设备已替换为模拟器</source>
        <extracomment>``on_done(result, error)``: how a background job reports back on the UI thread. The identity card was lifted mid-session: whole seconds left before the session ends (counting down once a second), ``None`` when the card is back or the session is over. The screens show "请勿取走证件" with it. Whether the platform is reachable, as last learnt (status bar, offline rules). The category tapped on the attract screen, opened first by the catalog. The outbox depth last read by :meth:`refresh_queue_status`.</extracomment>
        <translation>演示模式：裝置已替換為模擬器</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/base.py" line="169" />
        <source>终端暂时无法受理新的申请，请到窗口办理或稍后再试。</source>
        <translation>終端暫時無法受理新的申請，請到窗口辦理或稍後再試。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/base.py" line="174" />
        <source>终端存储空间不足，暂时无法受理新的申请，请到窗口办理或稍后再试。</source>
        <translation>終端儲存空間不足，暫時無法受理新的申請，請到窗口辦理或稍後再試。</translation>
    </message>
</context>
<context>
    <name>SignatureScreen</name>
    <message>
        <location filename="../signature.py" line="225" />
        <source>请在下方区域签名</source>
        <translation>請在下方區域簽名</translation>
    </message>
    <message>
        <location filename="../signature.py" line="227" />
        <source>请用手指或签字笔在白色区域内签写您的姓名，写完后点击“确认签名”。</source>
        <translation>請用手指或簽字筆在白色區域內簽寫您的姓名，寫完後點擊“確認簽名”。</translation>
    </message>
    <message>
        <location filename="../signature.py" line="234" />
        <source>在此处签名</source>
        <translation>在此處簽名</translation>
    </message>
    <message>
        <location filename="../signature.py" line="240" />
        <source>返回</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../signature.py" line="241" />
        <source>清除重签</source>
        <translation>清除重籤</translation>
    </message>
    <message>
        <location filename="../signature.py" line="242" />
        <source>撤销一笔</source>
        <translation>撤銷一筆</translation>
    </message>
    <message>
        <location filename="../signature.py" line="243" />
        <source>确认签名</source>
        <translation>確認簽名</translation>
    </message>
    <message>
        <location filename="../signature.py" line="281" />
        <source>签名已确认。</source>
        <translation>簽名已確認。</translation>
    </message>
</context>
<context>
    <name>SignatureStep</name>
    <message>
        <location filename="../steps.py" line="139" />
        <source>签名确认</source>
        <translation>簽名確認</translation>
    </message>
    <message>
        <location filename="../steps.py" line="142" />
        <source>请在屏幕上签写您的姓名。</source>
        <translation>請在螢幕上簽寫您的姓名。</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../main_window.py" line="106" />
        <source>网络：检测中</source>
        <translation>網路：檢測中</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="108" />
        <source>网络：正常</source>
        <translation>網路：正常</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="108" />
        <source>网络：离线</source>
        <translation>網路：離線</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="111" />
        <source>待上传：%1 件</source>
        <translation>待上傳：%1 件</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="119" />
        <source>设备故障：%1</source>
        <translation>裝置故障：%1</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="122" />
        <source>设备正常</source>
        <translation>裝置正常</translation>
    </message>
</context>
<context>
    <name>StepIndicator</name>
    <message>
        <location filename="../step_indicator.py" line="19" />
        <source>身份认证</source>
        <extracomment>Step names; QT_TRANSLATE_NOOP marks them for lupdate, translated where shown.</extracomment>
        <translation>身份認證</translation>
    </message>
    <message>
        <location filename="../step_indicator.py" line="20" />
        <source>选择事项</source>
        <translation>選擇事項</translation>
    </message>
    <message>
        <location filename="../step_indicator.py" line="21" />
        <source>阅读指南</source>
        <translation>閱讀指南</translation>
    </message>
    <message>
        <location filename="../step_indicator.py" line="22" />
        <source>填写信息</source>
        <translation>填寫資訊</translation>
    </message>
    <message>
        <location filename="../step_indicator.py" line="23" />
        <source>提交材料</source>
        <translation>提交材料</translation>
    </message>
    <message>
        <location filename="../step_indicator.py" line="24" />
        <source>签名确认</source>
        <translation>簽名確認</translation>
    </message>
    <message>
        <location filename="../step_indicator.py" line="25" />
        <source>核对信息</source>
        <translation>核對資訊</translation>
    </message>
    <message>
        <location filename="../step_indicator.py" line="26" />
        <source>提交申请</source>
        <translation>提交申請</translation>
    </message>
    <message>
        <location filename="../step_indicator.py" line="27" />
        <source>办理结果</source>
        <translation>辦理結果</translation>
    </message>
    <message>
        <location filename="../step_indicator.py" line="28" />
        <source>服务评价</source>
        <translation>服務評價</translation>
    </message>
    <message>
        <location filename="../step_indicator.py" line="94" />
        <source>第 %1 步 / 共 %2 步：%3</source>
        <extracomment>States with no step (before and after the session, the technician screen).</extracomment>
        <translation>第 %1 步 / 共 %2 步：%3</translation>
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
<context>
    <name>VideoHelp</name>
    <message>
        <location filename="../video_help.py" line="497" />
        <source>视频帮办</source>
        <extracomment>Where the call panel may sit (window pixels); set by install_video_help.</extracomment>
        <translation>影片幫辦</translation>
    </message>
</context>
<context>
    <name>VideoHelpOverlay</name>
    <message>
        <location filename="../video_help.py" line="160" />
        <source>请输入 11 位手机号码或带区号的固定电话。</source>
        <extracomment>Staff picture in the corner panel (4:3) at most; smaller when the screen is short. The narrowest the picture gets (the buttons and status stay whole instead).</extracomment>
        <translation>請輸入 11 位手機號碼或帶區號的固定電話。</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="162" />
        <source>回电号码未能保存，请稍后再试或联系现场工作人员。</source>
        <translation>回電號碼未能儲存，請稍後再試或聯絡現場工作人員。</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="209" />
        <source>取消</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="209" />
        <source>挂断</source>
        <translation>結束通話</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="214" />
        <source>正在连接视频帮办服务，请稍候…</source>
        <translation>正在連線影片幫辦服務，請稍候…</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="218" />
        <source>您排在第 %1 位，预计等待约 %2 分钟。工作人员接听后即可通话。</source>
        <translation>您排在第 %1 位，預計等待約 %2 分鐘。工作人員接聽後即可通話。</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="223" />
        <source>您可以继续办理。</source>
        <translation>您可以繼續辦理。</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="233" />
        <location filename="../video_help.py" line="248" />
        <source>通话已结束。</source>
        <translation>通話已結束。</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="234" />
        <source>工作人员已结束通话。</source>
        <translation>工作人員已結束通話。</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="235" />
        <source>工作人员已离开，通话已结束。</source>
        <translation>工作人員已離開，通話已結束。</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="236" />
        <source>暂时没有工作人员接听，请稍后再试。</source>
        <translation>暫時沒有工作人員接聽，請稍後再試。</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="237" />
        <source>已记下您的电话号码，工作人员将尽快回电。</source>
        <translation>已記下您的電話號碼，工作人員將盡快回電。</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="239" />
        <source>视频帮办服务暂时无法连接，请稍后再试或联系现场工作人员。</source>
        <translation>影片幫辦服務暫時無法連線，請稍後再試或聯絡現場工作人員。</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="241" />
        <source>与视频帮办服务的连接中断，通话已结束。</source>
        <translation>與影片幫辦服務的連線中斷，通話已結束。</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="242" />
        <source>网络无法建立视频通话，请稍后再试或联系现场工作人员。</source>
        <translation>網路無法建立視訊通話，請稍後再試或聯絡現場工作人員。</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="243" />
        <source>摄像头已断开，通话已结束。请联系现场工作人员。</source>
        <translation>攝像頭已斷開，通話已結束。請聯絡現場工作人員。</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="244" />
        <source>本终端暂时无法发起视频帮办，请联系现场工作人员。</source>
        <translation>本終端暫時無法發起影片幫辦，請聯絡現場工作人員。</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="245" />
        <source>视频帮办服务出现异常，通话已结束。</source>
        <translation>影片幫辦服務出現異常，通話已結束。</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="246" />
        <source>视频帮办暂未开通，请联系现场工作人员。</source>
        <translation>影片幫辦暫未開通，請聯絡現場工作人員。</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="251" />
        <source>视频帮办</source>
        <translation>影片幫辦</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="254" />
        <source>接通后，工作人员将看到您的面部画面和本终端的屏幕，并听到您的声音。屏幕上的姓名、证件号码、地址、照片、签名和扫描材料会被遮挡。通话不录音、不录像，结束后立即清除。工作人员只能看和说，不能操作本终端。</source>
        <translation>接通後，工作人員將看到您的面部畫面和本終端的螢幕，並聽到您的聲音。螢幕上的姓名、證件號碼、地址、照片、簽名和掃描材料會被遮擋。通話不錄音、不錄影，結束後立即清除。工作人員只能看和說，不能操作本終端。</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="259" />
        <source>暂时没有工作人员接听。您可以留下电话号码，工作人员稍后回电；号码加密保存，仅用于回电。</source>
        <translation>暫時沒有工作人員接聽。您可以留下電話號碼，工作人員稍後回電；號碼加密儲存，僅用於回電。</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="262" />
        <source>11 位手机号码</source>
        <translation>11 位手機號碼</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="263" />
        <source>同意并呼叫</source>
        <translation>同意並呼叫</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="266" />
        <source>允许本次通话中工作人员看到屏幕上的个人信息（姓名、证件号码、地址等）？通话结束后自动恢复遮挡。</source>
        <translation>允許本次通話中工作人員看到螢幕上的個人資訊（姓名、證件號碼、地址等）？通話結束後自動恢復遮擋。</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="269" />
        <source>允许</source>
        <translation>允許</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="270" />
        <source>不允许</source>
        <translation>不允許</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="271" />
        <source>提交号码</source>
        <translation>提交號碼</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="272" />
        <source>不用了</source>
        <translation>不用了</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="273" />
        <source>返回办理</source>
        <translation>返回辦理</translation>
    </message>
</context>
<context>
    <name>tile</name>
    <message>
        <location filename="../admin.py" line="381" />
        <source>测试</source>
        <translation>測試</translation>
    </message>
</context>
</TS>