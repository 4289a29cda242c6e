<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../attract.py" line="57" />
        <source>欢迎使用政务服务自助终端，请触摸“开始办理”。</source>
        <translation>Welcome to the government self-service terminal. Touch "Start" to begin.</translation>
    </message>
    <message>
        <location filename="../attract.py" line="64" />
        <source>服务目录暂不可用，请联系工作人员。</source>
        <translation>The service catalogue is unavailable. Please ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../attract.py" line="84" />
        <source>欢迎使用政务服务自助终端</source>
        <translation>Welcome to the government self-service terminal</translation>
    </message>
    <message>
        <location filename="../attract.py" line="85" />
        <source>请选择要办理的事项，或触摸“开始办理”</source>
        <translation>Choose a service, or touch "Start"</translation>
    </message>
    <message>
        <location filename="../attract.py" line="86" />
        <source>开始办理</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../attract.py" line="87" />
        <source>支持身份证、社保卡、刷脸、政务App扫码登录</source>
        <translation>Sign in with your ID card, social security card, face, or the government app's QR code</translation>
    </message>
</context>
<context>
    <name>CallPanel</name>
    <message>
        <location filename="../video_help.py" line="365" />
        <source>通话中</source>
        <extracomment>Where the panel may sit (the screen area between header and footer): set by :func:`install_video_help`, so the footer's 返回 / 退出 are never covered. Called when the resident wants to show personal fields (the question is asked in the overlay, which has the room for it).</extracomment>
        <translation>In call</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="365" />
        <source>工作人员已接听，正在接通…</source>
        <translation>A member of staff answered; connecting…</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="367" />
        <source>个人信息已向工作人员显示</source>
        <translation>Your personal details are visible to the member of staff</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="367" />
        <source>个人信息已遮挡</source>
        <translation>Your personal details are hidden</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="371" />
        <source>恢复遮挡</source>
        <translation>Hide them again</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="371" />
        <source>显示个人信息</source>
        <translation>Show my details</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="433" />
        <source>挂断</source>
        <translation>Hang up</translation>
    </message>
</context>
<context>
    <name>CatalogScreen</name>
    <message>
        <location filename="../catalog.py" line="101" />
        <source>选择办理事项</source>
        <translation>Choose a service</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="104" />
        <source>请选择要办理的事项。</source>
        <translation>Please choose a service.</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="109" />
        <source>您好，%1</source>
        <translation>Hello, %1</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="126" />
        <location filename="../catalog.py" line="188" />
        <source>热门事项</source>
        <translation>Popular services</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="178" />
        <source>搜索“%1”的结果</source>
        <translation>Results for "%1"</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="196" />
        <source>第 %1/%2 页，共 %3 项</source>
        <translation>Page %1 of %2, %3 services</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="215" />
        <source>没有找到相关事项，请换个关键词</source>
        <translation>Nothing found, try another keyword</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="232" />
        <source>输入事项名称、拼音或首字母，如 wfz</source>
        <translation>Type a service name, e.g. criminal record (pinyin initials work too)</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="234" />
        <source>上一页</source>
        <translation>Previous</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="235" />
        <source>下一页</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../catalog.py" line="233" />
        <source>搜索</source>
        <translation>Search</translation>
    </message>
</context>
<context>
    <name>ConnectorTile</name>
    <message>
        <location filename="../connector_tiles.py" line="41" />
        <source>测试连接</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <location filename="../connector_tiles.py" line="57" />
        <source>线路：正常</source>
        <translation>Lane: normal</translation>
    </message>
    <message>
        <location filename="../connector_tiles.py" line="58" />
        <source>线路：试探恢复中</source>
        <translation>Lane: probing for recovery</translation>
    </message>
    <message>
        <location filename="../connector_tiles.py" line="59" />
        <source>线路：已熔断，暂停发送</source>
        <translation>Lane: circuit open, sending paused</translation>
    </message>
    <message>
        <location filename="../connector_tiles.py" line="60" />
        <source>线路：未启动</source>
        <translation>Lane: not started</translation>
    </message>
    <message>
        <location filename="../connector_tiles.py" line="70" />
        <source>延迟 %1 · 待上传 %2 件 · 已送达 %3 · 失败 %4</source>
        <translation>Latency %1 · waiting %2 · delivered %3 · failed %4</translation>
    </message>
    <message>
        <location filename="../connector_tiles.py" line="77" />
        <source>最近错误：%1</source>
        <translation>Last error: %1</translation>
    </message>
</context>
<context>
    <name>ConnectorTiles</name>
    <message>
        <location filename="../connector_tiles.py" line="104" />
        <source>测试中…</source>
        <translation>Testing…</translation>
    </message>
    <message>
        <location filename="../connector_tiles.py" line="112" />
        <source>可达，%1 ms</source>
        <translation>Reachable, %1 ms</translation>
    </message>
</context>
<context>
    <name>CoreTexts</name>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="35" />
        <source>请填写“%1”</source>
        <translation>Please fill in “%1”</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="36" />
        <source>“%1”至少需要 %2 个字</source>
        <translation>“%1” needs at least %2 characters</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="37" />
        <source>“%1”不能超过 %2 个字</source>
        <translation>“%1” can have at most %2 characters</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="38" />
        <source>请输入 11 位手机号码</source>
        <translation>Please enter an 11-digit mobile number</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="39" />
        <source>“%1”请输入数字</source>
        <translation>“%1”: please enter a number</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="40" />
        <source>“%1”请按 年-月-日 填写</source>
        <translation>“%1”: please enter as year-month-day</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="41" />
        <source>请选择“%1”</source>
        <translation>Please choose “%1”</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="42" />
        <source>“%1”格式不正确</source>
        <translation>“%1” is not in the right format</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="46" />
        <source>证件信息无法识别，请重新放置证件或联系工作人员。</source>
        <translation>The card could not be read. Please place it again or ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="50" />
        <source>证件号码校验未通过，请联系工作人员。</source>
        <translation>The card number failed its check. Please ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="54" />
        <source>证件已过有效期，请使用有效证件办理。</source>
        <translation>This card has expired. Please use a valid card.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="56" />
        <source>证件尚未生效，请使用有效证件办理。</source>
        <translation>This card is not valid yet. Please use a valid card.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="59" />
        <source>证件信息读取不完整，请取下证件后重新放置。</source>
        <translation>The card was not read completely. Please take it off and place it again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="63" />
        <source>扫码登录未成功，请重新亮码或使用身份证办理。</source>
        <translation>Sign-in by code failed. Please show the code again or use your ID card.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="67" />
        <source>二维码已过期，请在App中刷新后重新扫码。</source>
        <translation>The QR code has expired. Please refresh it in the app and scan again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="71" />
        <source>该二维码已使用过，请在App中刷新后重新扫码。</source>
        <translation>This QR code has been used. Please refresh it in the app and scan again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="73" />
        <source>居民身份证</source>
        <translation>Resident ID card</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="74" />
        <source>外国人永久居留身份证</source>
        <translation>Foreign permanent resident ID card</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="75" />
        <source>港澳台居民居住证</source>
        <translation>Residence permit for Hong Kong, Macao and Taiwan residents</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="76" />
        <source>社会保障卡</source>
        <translation>Social security card</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="77" />
        <source>政务服务 App 码</source>
        <translation>Government app code</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="79" />
        <source>办理成功，证明已打印</source>
        <translation>Done: your certificate has been printed</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="80" />
        <source>办理成功</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="81" />
        <source>%1已即时办结。</source>
        <translation>%1: completed on the spot.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="82" />
        <source>请在出纸口取走您的证明。</source>
        <translation>Please take your certificate from the printer slot.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="85" />
        <source>证明暂时无法打印（%1），可凭受理编号在任一终端扫码补打，或到窗口领取。</source>
        <translation>The certificate cannot be printed now (%1). You can reprint it at any kiosk with your application number, or collect it at the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="87" />
        <source>申请已保存在本终端，联网后自动提交</source>
        <translation>Saved on this kiosk: it will be submitted when the network is back</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="92" />
        <source>网络暂不可用，申请尚未送达政务平台。它已加密保存在本终端，联网后自动提交，您无需再次办理；请保留凭条，凭临时编号查询进度。</source>
        <translation>The network is down and your application has not reached the government platform yet. It is saved, encrypted, on this kiosk and will be submitted automatically when the network is back; you need not apply again. Please keep the slip and use its temporary number to check progress.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="96" />
        <source>申请已受理</source>
        <translation>Application accepted</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="97" />
        <source>申请已保存，联网后自动提交</source>
        <translation>Application saved: it will be submitted when the network is back</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="100" />
        <source>网络暂不可用，申请已安全保存在本机，联网后自动提交。（%1）</source>
        <translation>The network is down. Your application is saved safely on this kiosk and will be submitted when the network is back. (%1)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="104" />
        <source>网络暂不可用，申请已安全保存在本机，联网后自动提交。</source>
        <translation>The network is down. Your application is saved safely on this kiosk and will be submitted when the network is back.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="108" />
        <source>您的申请已提交，办理时限：%1。（%2）</source>
        <translation>Your application has been submitted. Time limit: %1. (%2)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="110" />
        <source>您的申请已提交，办理时限：%1。</source>
        <translation>Your application has been submitted. Time limit: %1.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="111" />
        <source>请取走凭条。</source>
        <translation>Please take your slip.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="112" />
        <source>请取走办结凭条。</source>
        <translation>Please take your completion slip.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="115" />
        <source>请取走受理回执，可扫描回执二维码查询进度。</source>
        <translation>Please take your receipt; scan its QR code to check progress.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="117" />
        <source>%1暂时无法打印（%2），%3</source>
        <translation>The %1 cannot be printed now (%2). %3</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="118" />
        <source>凭条</source>
        <translation>slip</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="119" />
        <source>回执</source>
        <translation>receipt</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="120" />
        <source>请记下临时编号。</source>
        <translation>Please note down the temporary number.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="121" />
        <source>请记下受理编号。</source>
        <translation>Please note down the application number.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="124" />
        <source>请记下受理编号，可在任一终端扫码或输入编号查询。</source>
        <translation>Please note down the application number; you can check it at any kiosk by scanning or typing it.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="126" />
        <source>提交未完成</source>
        <translation>Not submitted</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="129" />
        <source>提交未能完成，您的信息未被保存，请重试或到窗口办理。</source>
        <translation>The submission did not complete and nothing was saved. Please try again or apply at the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="133" />
        <source>系统暂时无法受理，请稍后再试或到窗口办理。</source>
        <translation>The system cannot accept applications right now. Please try later or apply at the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="138" />
        <source>缴费未能完成，未扣款。请重试或到窗口缴费。</source>
        <translation>The payment was not completed and nothing was charged. Please try again or pay at the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="143" />
        <source>这不是可识别的付款码。请打开微信、支付宝或云闪付的“付款码”页面，对准扫码口。</source>
        <translation>This is not a payment code the terminal recognises. Open the “Pay” code of WeChat, Alipay or UnionPay QuickPass and hold it to the scanner.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="148" />
        <source>支付系统暂时无法连接，未扣款。请稍后再试，或到窗口缴费。</source>
        <translation>The payment system cannot be reached and nothing was charged. Please try again later or pay at the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="152" />
        <source>正在向支付系统确认结果，请稍候，不要重复付款。</source>
        <translation>Checking the result with the payment system. Please wait and do not pay again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="156" />
        <source>支付未成功，未扣款。请换一种付款方式或重试。</source>
        <translation>The payment did not go through and nothing was charged. Please try another way to pay, or try again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="160" />
        <source>支付结果校验未通过，正在向支付系统重新确认，请稍候。</source>
        <translation>The payment result could not be verified. Checking again with the payment system, please wait.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="164" />
        <source>支付金额与应缴金额不符，本次缴费将原路退回，请联系工作人员。</source>
        <translation>The amount paid does not match the fee: it will be refunded the way it was paid. Please ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="168" />
        <source>缴费功能暂时不可用（终端记录故障），未扣款。请到窗口缴费。</source>
        <translation>Payment is unavailable (the terminal cannot keep its records) and nothing was charged. Please pay at the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="172" />
        <source>缴费状态异常，已通知工作人员核对，您的款项不会丢失。</source>
        <translation>Something is wrong with this payment. Staff have been told and will check it: your money will not be lost.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="176" />
        <source>收费标准配置有误，暂停收费业务，请到窗口办理。</source>
        <translation>The fee schedule is misconfigured, so no fees can be taken here. Please go to the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="180" />
        <source>缴费功能暂时不可用，未扣款。需缴费的事项请到窗口办理。</source>
        <translation>Payment is unavailable and nothing was charged. For a service with a fee, please go to the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="184" />
        <source>付款码无效或已使用，未扣款。请刷新付款码后重试。</source>
        <translation>The payment code is invalid or already used, and nothing was charged. Refresh the code and try again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="188" />
        <source>支付被拒绝（余额不足或银行卡受限），未扣款。请换一种付款方式。</source>
        <translation>The payment was declined (balance too low or card restricted) and nothing was charged. Please pay another way.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="192" />
        <source>余额不足，未扣款。请换一张银行卡或换一种付款方式。</source>
        <translation>The balance is too low and nothing was charged. Please use another card or pay another way.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="196" />
        <source>订单已关闭，未扣款。请重新发起缴费。</source>
        <translation>The order is closed and nothing was charged. Please start the payment again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="199" />
        <source>已缴费，申请待工作人员办理</source>
        <translation>Paid: your application waits for staff</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="203" />
        <source>您已缴费 %1 元（订单号 %2），但申请未能提交。请凭缴费凭条到窗口办理，无需再次缴费；如未办理，费用将原路退回。</source>
        <translation>You paid %1 yuan (order %2), but the application could not be submitted. Please take the payment slip to the counter: you need not pay again. If it is not handled, the fee will be refunded.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="206" />
        <source>请取走缴费凭条。</source>
        <translation>Please take your payment slip.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="209" />
        <source>凭条暂时无法打印（%1），请记下订单号。</source>
        <translation>The slip cannot be printed now (%1). Please note down the order number.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="211" />
        <source>提交未完成，费用已退回</source>
        <translation>Not submitted: fee refunded</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="212" />
        <source>提交未完成，费用退回中</source>
        <translation>Not submitted: fee being refunded</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="215" />
        <source>申请未能提交。您缴纳的 %1 元已原路退回。请稍后再试或到窗口办理。</source>
        <translation>The application could not be submitted. The %1 yuan you paid has been refunded the way it was paid. Please try again later or go to the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="220" />
        <source>申请未能提交。您缴纳的 %1 元将自动原路退回，无需再次操作。请稍后再试或到窗口办理。</source>
        <translation>The application could not be submitted. The %1 yuan you paid will be refunded automatically: you need do nothing. Please try again later or go to the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="224" />
        <source>寄件单未能保存，请到窗口办理邮寄。</source>
        <translation>The delivery order could not be saved. Please arrange the delivery at the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="225" />
        <source>所选地区无效，请重新选择。</source>
        <translation>The area chosen is not valid. Please choose again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="228" />
        <source>请填写收件人姓名（2至20个汉字，或英文姓名）。</source>
        <translation>Please enter the recipient's name (2 to 20 Chinese characters, or a name in English).</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="232" />
        <source>手机号码应为11位数字，以1开头，请核对。</source>
        <translation>A mobile number has 11 digits and starts with 1. Please check it.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="236" />
        <source>请填写详细地址（街道、门牌号），不超过60个字。</source>
        <translation>Please enter the street address (street, house number), at most 60 characters.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="240" />
        <source>该地址不在邮寄服务范围内，请选择其他地址或到窗口领取。</source>
        <translation>Post cannot be sent to this address. Please choose another address or collect the result at the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="242" />
        <source>储物柜操作未完成，请联系工作人员。</source>
        <translation>The locker did not finish. Please ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="245" />
        <source>暂无合适的空闲柜格，请联系工作人员。</source>
        <translation>No suitable compartment is free. Please ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="249" />
        <source>柜门未能打开，该柜格已停用，请联系工作人员。</source>
        <translation>The door did not open and the compartment is now out of use. Please ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="253" />
        <source>储物柜暂时无法使用，您的材料未存入，请联系工作人员。</source>
        <translation>The locker is unavailable and your documents were not deposited. Please ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="255" />
        <source>取件码不正确，请核对后重新输入。</source>
        <translation>The pick-up code is not correct. Please check it and enter it again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="258" />
        <source>取件码错误次数过多，已暂时锁定，请稍后再试或联系工作人员。</source>
        <translation>Too many wrong codes: pick-up is locked for a while. Please try again later or ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="262" />
        <source>身份证与该业务的申请人不符，柜门不会打开。</source>
        <translation>This ID card is not the applicant's: the door will not open.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="266" />
        <source>储物柜暂时无法使用，请联系工作人员。</source>
        <translation>The locker is unavailable. Please ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="270" />
        <source>储物柜暂时无法使用，请到窗口递交材料。</source>
        <translation>The locker is unavailable. Please hand in your documents at the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="272" />
        <source>储物柜没有响应，请联系工作人员。</source>
        <translation>The locker does not answer. Please ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="273" />
        <source>储物柜通信异常，请稍后再试。</source>
        <translation>The terminal cannot talk to the locker. Please try again later.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="274" />
        <source>储物柜未连接，请联系工作人员。</source>
        <translation>The locker is not connected. Please ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="275" />
        <source>柜门未能打开，请联系工作人员。</source>
        <translation>The door did not open. Please ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="276" />
        <source>柜门未关闭，请关好柜门。</source>
        <translation>The door is open. Please close it.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="280" />
        <source>凭条打印机暂时无法使用，请记下受理编号或联系工作人员。</source>
        <translation>The receipt printer is unavailable. Please note down the acceptance number or ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="284" />
        <source>凭条打印纸已用完，请记下受理编号，可凭编号查询或稍后补打。</source>
        <translation>The receipt printer is out of paper. Please note down the acceptance number: you can look it up or reprint later.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="288" />
        <source>凭条打印机仓盖未关好，请联系工作人员。</source>
        <translation>The receipt printer's cover is open. Please ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="292" />
        <source>凭条未能完整打印，请记下受理编号，可凭编号查询或稍后补打。</source>
        <translation>The receipt did not print completely. Please note down the acceptance number: you can look it up or reprint later.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="296" />
        <source>文件打印机暂时无法使用，请稍后在本终端或网上重新打印。</source>
        <translation>The document printer is unavailable. Please reprint later at this terminal or online.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="300" />
        <source>证明未能打印，请稍后凭证明编号在本终端或网上重新打印。</source>
        <translation>The certificate did not print. Please reprint it later with its number, at this terminal or online.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="304" />
        <source>证明须由政务服务平台签发，暂时无法打印</source>
        <translation>the certificate must be issued by the government service platform and cannot be printed yet</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="308" />
        <source>设备暂时无法使用，请稍后再试或联系工作人员。</source>
        <translation>The device is unavailable. Please try again later or ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="310" />
        <source>设备未连接，请联系工作人员。</source>
        <translation>The device is not connected. Please ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="311" />
        <source>设备响应超时，请稍后再试。</source>
        <translation>The device did not answer in time. Please try again later.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="315" />
        <source>视频帮办服务暂时无法连接，请稍后再试或联系现场工作人员。</source>
        <translation>Video help cannot be reached at the moment. Please try again later or ask a member of staff here.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="319" />
        <source>视频帮办暂未开通，请联系现场工作人员。</source>
        <translation>Video help is not available on this terminal yet. Please ask a member of staff here.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="323" />
        <source>回电号码未能保存，请稍后再试或联系现场工作人员。</source>
        <translation>Your number could not be saved. Please try again later or ask a member of staff here.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="327" />
        <source>请输入 11 位手机号码或带区号的固定电话。</source>
        <translation>Please enter an 11-digit mobile number, or a landline number with its area code.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="331" />
        <source>刷脸登录暂时无法使用，请使用其他方式登录。</source>
        <translation>Face sign-in is unavailable. Please use another way to sign in.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="335" />
        <source>无法读取证件照片，暂不能刷脸登录，请使用其他方式登录。</source>
        <translation>The photo on your card cannot be read, so face sign-in is not possible. Please use another way to sign in.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="339" />
        <source>证件照片无法用于人脸比对，请使用其他方式登录。</source>
        <translation>The photo on your card cannot be used for face matching. Please use another way to sign in.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/core_texts.py" line="341" />
        <source>未能识别二维码，请重新扫描。</source>
        <translation>The QR code could not be read. Please scan it again.</translation>
    </message>
</context>
<context>
    <name>DeviceTile</name>
    <message>
        <location filename="../admin.py" line="239" />
        <source>测试</source>
        <translation>Test</translation>
    </message>
</context>
<context>
    <name>DiagnosticsScreen</name>
    <message>
        <location filename="../admin.py" line="306" />
        <location filename="../admin.py" line="374" />
        <source>设备诊断</source>
        <translation>Device diagnostics</translation>
    </message>
    <message>
        <location filename="../admin.py" line="307" />
        <location filename="../admin.py" line="375" />
        <source>退出维护</source>
        <translation>Leave maintenance</translation>
    </message>
    <message>
        <location filename="../admin.py" line="335" />
        <location filename="../admin.py" line="376" />
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../admin.py" line="337" />
        <location filename="../admin.py" line="377" />
        <source>导出诊断包</source>
        <translation>Export diagnostics</translation>
    </message>
    <message>
        <location filename="../admin.py" line="340" />
        <location filename="../admin.py" line="378" />
        <source>声音测试</source>
        <translation>Sound test</translation>
    </message>
    <message>
        <location filename="../admin.py" line="346" />
        <location filename="../admin.py" line="379" />
        <source>打印就绪报告</source>
        <translation>Print readiness report</translation>
    </message>
    <message>
        <location filename="../admin.py" line="369" />
        <source>技术维护</source>
        <translation>Maintenance</translation>
    </message>
    <message>
        <location filename="../admin.py" line="411" />
        <source>待上传：%1 件</source>
        <translation>Waiting to upload: %1</translation>
    </message>
    <message>
        <location filename="../admin.py" line="420" />
        <source>正在打印就绪报告…</source>
        <translation>Printing the readiness report…</translation>
    </message>
    <message>
        <location filename="../admin.py" line="425" />
        <source>就绪报告未打印：</source>
        <translation>Readiness report not printed: </translation>
    </message>
    <message>
        <location filename="../admin.py" line="428" />
        <source>就绪报告已打印</source>
        <translation>Readiness report printed</translation>
    </message>
    <message>
        <location filename="../admin.py" line="436" />
        <source>正在测试声音…</source>
        <translation>Testing sound…</translation>
    </message>
    <message>
        <location filename="../admin.py" line="442" />
        <source>声音测试失败：</source>
        <translation>Sound test failed: </translation>
    </message>
    <message>
        <location filename="../admin.py" line="445" />
        <source>声音测试通过：</source>
        <translation>Sound test passed: </translation>
    </message>
    <message>
        <location filename="../admin.py" line="460" />
        <source>平台：检测失败</source>
        <translation>Platform: check failed</translation>
    </message>
    <message>
        <location filename="../admin.py" line="465" />
        <source>平台：可达，延迟 %1 ms</source>
        <translation>Platform: reachable, %1 ms</translation>
    </message>
    <message>
        <location filename="../admin.py" line="468" />
        <source>平台：不可达</source>
        <translation>Platform: unreachable</translation>
    </message>
    <message>
        <location filename="../admin.py" line="489" />
        <source>测试中…</source>
        <translation>Testing…</translation>
    </message>
    <message>
        <location filename="../admin.py" line="496" />
        <source>请放置身份证，读卡结果将显示在此（已脱敏）</source>
        <translation>Place an ID card; the result shows here (masked)</translation>
    </message>
    <message>
        <location filename="../admin.py" line="497" />
        <source>请插入社保卡，读卡结果将显示在此（已脱敏）</source>
        <translation>Insert a social security card; the result shows here (masked)</translation>
    </message>
    <message>
        <location filename="../admin.py" line="498" />
        <source>请扫描任意二维码，结果将显示在此（已脱敏）</source>
        <translation>Scan any QR code; the result shows here (masked)</translation>
    </message>
    <message>
        <location filename="../admin.py" line="528" />
        <source>检测到人脸：%1</source>
        <translation>Faces detected: %1</translation>
    </message>
    <message>
        <location filename="../admin.py" line="531" />
        <source>已拍摄测试画面</source>
        <translation>Test picture captured</translation>
    </message>
    <message>
        <location filename="../admin.py" line="536" />
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../admin.py" line="540" />
        <source>导出失败：</source>
        <translation>Export failed: </translation>
    </message>
    <message>
        <location filename="../admin.py" line="542" />
        <source>已导出：</source>
        <translation>Exported: </translation>
    </message>
</context>
<context>
    <name>ExitConfirm</name>
    <message>
        <location filename="../exit_confirm.py" line="55" />
        <source>确定要退出吗？</source>
        <translation>Do you want to exit?</translation>
    </message>
    <message>
        <location filename="../exit_confirm.py" line="56" />
        <source>您填写的内容将被清除，不会保存。</source>
        <translation>What you have filled in will be cleared and not saved.</translation>
    </message>
    <message>
        <location filename="../exit_confirm.py" line="57" />
        <source>继续办理</source>
        <translation>Continue</translation>
    </message>
    <message>
        <location filename="../exit_confirm.py" line="58" />
        <source>退出并清除</source>
        <translation>Exit and clear</translation>
    </message>
</context>
<context>
    <name>FaceLoginScreen</name>
    <message>
        <location filename="../face_login.py" line="49" />
        <source>刷脸登录</source>
        <extracomment>Face guide: an ellipse centred in the preview, as fractions of its width/height.</extracomment>
        <translation>Face sign-in</translation>
    </message>
    <message>
        <location filename="../face_login.py" line="52" />
        <source>请稍候</source>
        <translation>Please wait</translation>
    </message>
    <message>
        <location filename="../face_login.py" line="87" />
        <source>使用其他方式登录</source>
        <translation>Use another way to sign in</translation>
    </message>
    <message>
        <location filename="../face_login.py" line="89" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../face_login.py" line="115" />
        <source>请稍候，正在准备人脸核验</source>
        <translation>Please wait, preparing face verification</translation>
    </message>
    <message numerus="yes">
        <location filename="../face_login.py" line="171" />
        <source>还可尝试 %n 次</source>
        <translation><numerusform>%n tries left</numerusform></translation>
    </message>
</context>
<context>
    <name>FormScreen</name>
    <message>
        <location filename="../form.py" line="84" />
        <source>填写信息</source>
        <translation>Fill in the form</translation>
    </message>
    <message>
        <location filename="../form.py" line="87" />
        <source>请核对并填写信息，带锁的内容已自动填好。</source>
        <translation>Please check and complete the form; verified fields are filled in for you.</translation>
    </message>
    <message>
        <location filename="../form.py" line="167" />
        <source>（选填）</source>
        <translation> (optional)</translation>
    </message>
    <message>
        <location filename="../form.py" line="176" />
        <source>已自动填写，不可修改</source>
        <translation>Filled in automatically, cannot be changed</translation>
    </message>
    <message>
        <location filename="../form.py" line="183" />
        <source>已核验</source>
        <translation>Verified</translation>
    </message>
    <message>
        <location filename="../form.py" line="190" />
        <source>11 位手机号码</source>
        <translation>11-digit mobile number</translation>
    </message>
    <message>
        <location filename="../form.py" line="192" />
        <source>如 2026-01-31</source>
        <translation>e.g. 2026-01-31</translation>
    </message>
    <message>
        <location filename="../form.py" line="193" />
        <source>点击输入</source>
        <translation>Tap to type</translation>
    </message>
    <message>
        <location filename="../form.py" line="249" />
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
        <location filename="../guide.py" line="56" />
        <source>办事指南</source>
        <translation>Service guide</translation>
    </message>
    <message>
        <location filename="../guide.py" line="59" />
        <source>请阅读办事指南，确认后点击开始填写。</source>
        <translation>Please read the guide, then tap "Fill in the form".</translation>
    </message>
    <message>
        <location filename="../guide.py" line="121" />
        <source>办理条件</source>
        <translation>Conditions</translation>
    </message>
    <message>
        <location filename="../guide.py" line="84" />
        <source>（可用电子证照免交）</source>
        <translation> (not needed if you have the e-licence)</translation>
    </message>
    <message>
        <location filename="../guide.py" line="68" />
        <source>行政许可</source>
        <translation>Administrative licence</translation>
    </message>
    <message>
        <location filename="../guide.py" line="69" />
        <source>行政确认</source>
        <translation>Administrative confirmation</translation>
    </message>
    <message>
        <location filename="../guide.py" line="70" />
        <source>行政给付</source>
        <translation>Administrative benefit</translation>
    </message>
    <message>
        <location filename="../guide.py" line="71" />
        <source>公共服务</source>
        <translation>Public service</translation>
    </message>
    <message>
        <location filename="../guide.py" line="72" />
        <source>其他行政权力</source>
        <translation>Other administrative power</translation>
    </message>
    <message>
        <location filename="../guide.py" line="77" />
        <source>纸质</source>
        <translation>paper</translation>
    </message>
    <message>
        <location filename="../guide.py" line="78" />
        <source>电子</source>
        <translation>electronic</translation>
    </message>
    <message>
        <location filename="../guide.py" line="79" />
        <source>纸质或电子</source>
        <translation>paper or electronic</translation>
    </message>
    <message>
        <location filename="../guide.py" line="81" />
        <source>必需</source>
        <translation>required</translation>
    </message>
    <message>
        <location filename="../guide.py" line="81" />
        <source>非必需</source>
        <translation>optional</translation>
    </message>
    <message>
        <location filename="../guide.py" line="82" />
        <source>%1，%2 份，%3，%4</source>
        <translation>%1, copies: %2, %3, %4</translation>
    </message>
    <message>
        <location filename="../guide.py" line="86" />
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../guide.py" line="93" />
        <source>法定办结时限：%1 个工作日</source>
        <translation>Statutory time limit: %1 working days</translation>
    </message>
    <message>
        <location filename="../guide.py" line="95" />
        <source>承诺办结时限：%1 个工作日</source>
        <translation>Promised time limit: %1 working days</translation>
    </message>
    <message>
        <location filename="../guide.py" line="103" />
        <source>跨省通办：本终端收件，由 %1 办理。</source>
        <translation>Cross-province service: this terminal receives your application, %1 handles it.</translation>
    </message>
    <message>
        <location filename="../guide.py" line="105" />
        <source>承诺时限以办理地为准：%1 个工作日。</source>
        <translation>The time limit is the handling region's: %1 working days.</translation>
    </message>
    <message>
        <location filename="../guide.py" line="123" />
        <source>所需材料</source>
        <translation>Required materials</translation>
    </message>
    <message>
        <location filename="../guide.py" line="123" />
        <source>无需提交纸质材料</source>
        <translation>No paper documents needed</translation>
    </message>
    <message>
        <location filename="../guide.py" line="125" />
        <source>办理流程</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../guide.py" line="126" />
        <source>办理时限</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <location filename="../guide.py" line="128" />
        <source>收费依据：%1</source>
        <translation>Fee basis: %1</translation>
    </message>
    <message>
        <location filename="../guide.py" line="130" />
        <source>收费标准</source>
        <translation>Fee</translation>
    </message>
    <message>
        <location filename="../guide.py" line="132" />
        <source>办理结果及送达</source>
        <translation>Result and delivery</translation>
    </message>
    <message>
        <location filename="../guide.py" line="133" />
        <source>无需到现场</source>
        <translation>No visit to a service counter needed</translation>
    </message>
    <message>
        <location filename="../guide.py" line="133" />
        <source>最多到现场 1 次</source>
        <translation>At most one visit to a service counter</translation>
    </message>
    <message>
        <location filename="../guide.py" line="134" />
        <source>到办事现场次数</source>
        <translation>Visits required</translation>
    </message>
    <message>
        <location filename="../guide.py" line="137" />
        <source>办理地点和时间</source>
        <translation>Where and when</translation>
    </message>
    <message>
        <location filename="../guide.py" line="140" />
        <source>咨询电话：%1</source>
        <translation>Enquiries: %1</translation>
    </message>
    <message>
        <location filename="../guide.py" line="142" />
        <source>投诉电话：%1</source>
        <translation>Complaints: %1</translation>
    </message>
    <message>
        <location filename="../guide.py" line="144" />
        <source>咨询投诉</source>
        <translation>Enquiries and complaints</translation>
    </message>
    <message>
        <location filename="../guide.py" line="146" />
        <source>实施主体：%1</source>
        <translation>Implementing body: %1</translation>
    </message>
    <message>
        <location filename="../guide.py" line="148" />
        <source>实施编码：%1</source>
        <translation>Implementation code: %1</translation>
    </message>
    <message>
        <location filename="../guide.py" line="149" />
        <source>基本编码：%1</source>
        <translation>Basic code: %1</translation>
    </message>
    <message>
        <location filename="../guide.py" line="150" />
        <source>事项信息</source>
        <translation>Item details</translation>
    </message>
    <message>
        <location filename="../guide.py" line="151" />
        <source>设定依据</source>
        <translation>Legal basis</translation>
    </message>
    <message>
        <location filename="../guide.py" line="153" />
        <source>温馨提示</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../guide.py" line="161" />
        <source>开始填写</source>
        <translation>Fill in the form</translation>
    </message>
</context>
<context>
    <name>HandoffController</name>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="185" />
        <source>本终端暂无智能文件柜，请到窗口领取。</source>
        <extracomment>Shown through :func:`kiosk.ui.core_texts.shown`: retranslated on a language switch.</extracomment>
        <translation>This terminal has no document locker. Please collect it at the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="187" />
        <source>请扫描回执二维码或输入取件码。</source>
        <translation>Scan the QR code on your receipt, or type your pick-up code.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="208" />
        <source>取件暂时无法办理，请联系工作人员。</source>
        <translation>Pick-up is not available right now. Please ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="213" />
        <source>取件码正确。请将身份证放在读卡区，核对身份后开柜。</source>
        <translation>Pick-up code accepted. Place your ID card on the reader; the compartment opens once it matches.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="216" />
        <source>正在核对取件码…</source>
        <translation>Checking the pick-up code…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="265" />
        <source>取件未完成，请联系工作人员。</source>
        <translation>The pick-up did not complete. Please ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="274" />
        <source>取件完成：%1 号柜。请带好您的材料。</source>
        <translation>Picked up from compartment %1. Please take your documents with you.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="272" />
        <source>%1 号柜门未关闭，已通知工作人员。取件已登记。</source>
        <translation>The door of compartment %1 is still open; staff have been told. Your pick-up is recorded.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="280" />
        <source>身份核对中，柜门即将打开，请取出材料后关好柜门。</source>
        <translation>Checking your identity. The door will open: take your documents out, then close the door.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="314" />
        <source>材料未存入，请到窗口递交或联系工作人员。</source>
        <translation>Your documents were not deposited. Please hand them in at the counter or ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="321" />
        <source>柜内未检测到材料，本次未存放。如需存放请重新操作。</source>
        <translation>Nothing was detected in the compartment, so nothing was deposited. Start again to deposit.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="330" />
        <source>材料已存入 %1 号柜并登记，工作人员将取件处理。</source>
        <translation>Your documents are in compartment %1 and recorded; staff will collect them.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="328" />
        <source>材料已登记在 %1 号柜，但柜门未关闭，已通知工作人员。</source>
        <translation>Your documents are recorded in compartment %1, but its door is open; staff have been told.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="332" />
        <source>存放凭条已打印。</source>
        <translation>Your deposit slip has been printed.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="334" />
        <source>凭条未能打印（%1），请记下柜号。</source>
        <translation>The slip could not be printed (%1). Please note the compartment number.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="340" />
        <source>柜门正在打开，请放入材料原件后关好柜门。</source>
        <translation>The door is opening. Put your original documents in, then close the door.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="390" />
        <source>邮寄服务暂不可用，请到窗口办理。</source>
        <translation>Delivery by post is not available right now. Please ask at the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="400" />
        <source>请选择省、市、区县。</source>
        <translation>Choose the province, city and district.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="441" />
        <source>寄件单未能保存，请到窗口办理邮寄。</source>
        <translation>The delivery order could not be saved. Please arrange the delivery at the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="448" />
        <source>正在提交寄件信息…</source>
        <translation>Sending the delivery details…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="454" />
        <source>已下单：办理结果将邮寄到您填写的地址。运单号 %1。</source>
        <translation>Ordered: your result will be posted to the address you gave. Waybill number %1.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="456" />
        <source>已下单：快递员将上门取件。运单号 %1。</source>
        <translation>Ordered: a courier will come to collect. Waybill number %1.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="459" />
        <source>面单或回执未能打印（%1），运单号将以短信告知。</source>
        <translation>The waybill slip or the receipt could not be printed (%1); the waybill number will be sent by text message.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="463" />
        <source>寄件面单和邮寄回执（含运单号）已打印。</source>
        <translation>The waybill slip and the delivery receipt (with the waybill number) have been printed.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="464" />
        <source>寄件面单已打印。</source>
        <translation>The waybill slip has been printed.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="466" />
        <source>快递公司未接受该寄件单，工作人员将与您电话联系。</source>
        <translation>The courier did not accept the order; a member of staff will phone you.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/handoff.py" line="467" />
        <source>寄件单已保存在本机，网络恢复后自动向快递公司下单，运单号将以短信告知。</source>
        <translation>Your delivery order is saved on this terminal and will be sent to the courier when the network is back; the waybill number will come by text message.</translation>
    </message>
</context>
<context>
    <name>HandoffEntries</name>
    <message>
        <location filename="../handoff_entries.py" line="70" />
        <source>取件（智能文件柜）</source>
        <translation>Pick up (document locker)</translation>
    </message>
    <message>
        <location filename="../handoff_entries.py" line="71" />
        <source>邮寄送达</source>
        <translation>Send by post</translation>
    </message>
    <message>
        <location filename="../handoff_entries.py" line="72" />
        <source>存放材料原件</source>
        <translation>Deposit original documents</translation>
    </message>
    <message>
        <location filename="../handoff_entries.py" line="73" />
        <source>快递上门取件</source>
        <translation>Courier pick-up of documents</translation>
    </message>
</context>
<context>
    <name>IdentifyController</name>
    <message>
        <location filename="../../kiosk/ui/controllers/identify.py" line="139" />
        <source>证件已取走，登录已取消。请重新放置证件。</source>
        <extracomment>A login was cancelled (card lifted): the screen drops a face check in progress. How long the identify screen shows the masked identity before moving on. How long to wait for the reader's next presence probe at the moment of acceptance (it probes every 0.3 s; generous for a loaded terminal). The identity number of the accepted card (to recognise it during the grace). The resident chose 刷脸登录: the next card read is followed by a face check.</extracomment>
        <translation>The card was taken away, so sign-in was cancelled. Please place your card again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/identify.py" line="170" />
        <source>读卡失败，请重新放置。</source>
        <translation>The card could not be read. Please place it again.</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <location filename="../identify.py" line="138" />
        <source>身份识别</source>
        <translation>Identification</translation>
    </message>
    <message>
        <location filename="../identify.py" line="141" />
        <source>请将身份证或社保卡放在感应区。</source>
        <translation>Please place your ID card or social security card on the reader.</translation>
    </message>
    <message>
        <location filename="../identify.py" line="150" />
        <source>刷脸登录：请先将身份证放在感应区</source>
        <translation>Face sign-in: first place your ID card on the reader</translation>
    </message>
    <message>
        <location filename="../identify.py" line="151" />
        <source>读取证件后请看向摄像头，按提示眨眼</source>
        <translation>After the card is read, look at the camera and blink when asked</translation>
    </message>
    <message>
        <location filename="../identify.py" line="178" />
        <source>人脸核验暂不可用，请使用其他方式登录</source>
        <translation>Face verification is unavailable; please use another way to sign in</translation>
    </message>
    <message>
        <location filename="../identify.py" line="193" />
        <source>人脸核验未通过</source>
        <translation>Face verification failed</translation>
    </message>
    <message>
        <location filename="../identify.py" line="221" />
        <source>请将身份证或社保卡放在感应区</source>
        <translation>Place your ID card or social security card on the reader</translation>
    </message>
    <message>
        <location filename="../identify.py" line="222" />
        <source>也可以选择刷脸登录或政务App扫码登录</source>
        <translation>You can also sign in with your face or the government app's QR code</translation>
    </message>
    <message>
        <location filename="../identify.py" line="227" />
        <source>正在读取证件，请勿移动…</source>
        <translation>Reading your card, please hold still…</translation>
    </message>
    <message>
        <location filename="../identify.py" line="232" />
        <source>识别成功：%1</source>
        <translation>Identified: %1</translation>
    </message>
    <message>
        <location filename="../identify.py" line="239" />
        <source>请取回证件后重试，或联系工作人员</source>
        <translation>Take your card and try again, or ask a member of staff</translation>
    </message>
    <message>
        <location filename="../identify.py" line="256" />
        <source>请出示证件</source>
        <translation>Show your ID</translation>
    </message>
    <message>
        <location filename="../identify.py" line="257" />
        <source>刷脸登录</source>
        <translation>Face sign-in</translation>
    </message>
    <message>
        <location filename="../identify.py" line="258" />
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
        <location filename="../idle_overlay.py" line="53" />
        <source>您还在办理吗？</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <location filename="../idle_overlay.py" line="54" />
        <source>继续办理</source>
        <translation>Continue</translation>
    </message>
</context>
<context>
    <name>LockerPanel</name>
    <message>
        <location filename="../locker_admin.py" line="75" />
        <source>未配置智能文件柜</source>
        <translation>No document locker configured</translation>
    </message>
    <message>
        <location filename="../locker_admin.py" line="100" />
        <source>已开启 %1 个存件柜格</source>
        <translation>Opened %1 compartment(s) holding deposits</translation>
    </message>
    <message>
        <location filename="../locker_admin.py" line="109" />
        <source>正在开启存件柜格…</source>
        <translation>Opening the compartments holding deposits…</translation>
    </message>
    <message>
        <location filename="../locker_admin.py" line="116" />
        <source>请填写受理编号和申请人身份证号</source>
        <translation>Enter the case number and the applicant's ID number</translation>
    </message>
    <message>
        <location filename="../locker_admin.py" line="118" />
        <source>柜门正在打开，请放入办理结果后关门</source>
        <translation>The door is opening: put the result in, then close the door</translation>
    </message>
    <message>
        <location filename="../locker_admin.py" line="127" />
        <source>%1 已恢复使用</source>
        <translation>%1 is back in service</translation>
    </message>
    <message>
        <location filename="../locker_admin.py" line="146" />
        <source>智能文件柜</source>
        <translation>Document locker</translation>
    </message>
    <message>
        <location filename="../locker_admin.py" line="147" />
        <source>开启存件柜格（收取材料）</source>
        <translation>Open deposit compartments (collect)</translation>
    </message>
    <message>
        <location filename="../locker_admin.py" line="148" />
        <source>受理编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location filename="../locker_admin.py" line="149" />
        <source>申请人身份证号</source>
        <translation>Applicant's ID number</translation>
    </message>
    <message>
        <location filename="../locker_admin.py" line="150" />
        <source>装入办理结果</source>
        <translation>Load a result</translation>
    </message>
    <message>
        <location filename="../locker_admin.py" line="151" />
        <source>柜格编号</source>
        <translation>Compartment</translation>
    </message>
    <message>
        <location filename="../locker_admin.py" line="152" />
        <source>恢复使用</source>
        <translation>Back in service</translation>
    </message>
</context>
<context>
    <name>LockerScreen</name>
    <message>
        <location filename="../locker.py" line="71" />
        <source>智能文件柜</source>
        <translation>Document locker</translation>
    </message>
    <message>
        <location filename="../locker.py" line="85" />
        <source>请输入取件码。</source>
        <translation>Please type your pick-up code.</translation>
    </message>
    <message>
        <location filename="../locker.py" line="114" />
        <source>取件</source>
        <translation>Pick up</translation>
    </message>
    <message>
        <location filename="../locker.py" line="114" />
        <source>存放材料原件</source>
        <translation>Deposit original documents</translation>
    </message>
    <message>
        <location filename="../locker.py" line="117" />
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../locker.py" line="117" />
        <location filename="../locker.py" line="126" />
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../locker.py" line="125" />
        <source>确认</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <location filename="../locker.py" line="127" />
        <source>10 位取件码</source>
        <translation>10-digit pick-up code</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="514" />
        <source>证件已取走，请在 %1 秒内放回读卡区，否则本次办理将结束</source>
        <translation>Your card was removed. Put it back on the reader within %1 seconds, or this session will end</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="508" />
        <source>请勿取走证件，办理完成前请将证件留在读卡区</source>
        <extracomment>Pause between two screens built in idle time: touches and the warm start's replies are handled in between. The header's row of switches (and, on a landscape screen, the title first). Long press on the header's top-left corner opens the technician PIN pad. Presses that count as the resident's activity.</extracomment>
        <translation>Please leave your card on the reader until you have finished</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="508" />
        <source>请勿取走证件</source>
        <translation>Leave your card on the reader</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="650" />
        <source>%1 秒后自动退出</source>
        <translation>Automatic exit in %1 s</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="658" />
        <source>长辈模式</source>
        <translation>Senior mode</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="659" />
        <source>语音播报</source>
        <translation>Voice</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="660" />
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="661" />
        <source>退出</source>
        <translation>Exit</translation>
    </message>
</context>
<context>
    <name>MaterialsScreen</name>
    <message>
        <location filename="../materials.py" line="199" />
        <location filename="../materials.py" line="505" />
        <source>请拍摄申请材料</source>
        <extracomment>The name in the UI's language (``name``, the canonical one, labels the PDF). JPEG pages as bytearrays so that the wipe can zero them. Small previews of the pages (QPixmap), shown in the page strip.</extracomment>
        <translation>Capture your documents</translation>
    </message>
    <message>
        <location filename="../materials.py" line="201" />
        <location filename="../materials.py" line="507" />
        <source>请将材料平放在高拍仪下方，保持不动即可自动拍摄；也可点击“拍照”。</source>
        <translation>Lay the document flat under the document camera and hold still to capture automatically, or tap "Capture".</translation>
    </message>
    <message>
        <location filename="../materials.py" line="226" />
        <location filename="../materials.py" line="511" />
        <source>重拍</source>
        <translation>Retake</translation>
    </message>
    <message>
        <location filename="../materials.py" line="227" />
        <location filename="../materials.py" line="512" />
        <source>使用此页</source>
        <translation>Use this page</translation>
    </message>
    <message>
        <location filename="../materials.py" line="237" />
        <location filename="../materials.py" line="509" />
        <source>所需材料</source>
        <translation>Required materials</translation>
    </message>
    <message>
        <location filename="../materials.py" line="253" />
        <location filename="../materials.py" line="513" />
        <source>删除所选页</source>
        <translation>Delete selected page</translation>
    </message>
    <message>
        <location filename="../materials.py" line="262" />
        <location filename="../materials.py" line="514" />
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../materials.py" line="263" />
        <location filename="../materials.py" line="515" />
        <source>拍照</source>
        <translation>Capture</translation>
    </message>
    <message>
        <location filename="../materials.py" line="264" />
        <location filename="../materials.py" line="516" />
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../materials.py" line="316" />
        <source>正在拍摄，请稍候…</source>
        <translation>Capturing, please wait…</translation>
    </message>
    <message>
        <location filename="../materials.py" line="349" />
        <source>请先选择要删除的页面。</source>
        <translation>Select a page to delete first.</translation>
    </message>
    <message>
        <location filename="../materials.py" line="360" />
        <source>还缺少材料：</source>
        <translation>Still missing: </translation>
    </message>
    <message>
        <location filename="../materials.py" line="371" />
        <source>正在整理材料，请稍候…</source>
        <translation>Preparing your materials, please wait…</translation>
    </message>
    <message>
        <location filename="../materials.py" line="383" />
        <source>请将材料放入拍摄区域</source>
        <translation>Place the document in the capture area</translation>
    </message>
    <message>
        <location filename="../materials.py" line="384" />
        <source>请保持材料不动</source>
        <translation>Keep the document still</translation>
    </message>
    <message>
        <location filename="../materials.py" line="385" />
        <source>保持不动，即将自动拍摄…</source>
        <translation>Hold still, capturing automatically…</translation>
    </message>
    <message>
        <location filename="../materials.py" line="386" />
        <source>正在拍摄…</source>
        <translation>Capturing…</translation>
    </message>
    <message>
        <location filename="../materials.py" line="387" />
        <source>已拍摄，可放入下一页</source>
        <translation>Captured. Place the next page.</translation>
    </message>
    <message>
        <location filename="../materials.py" line="390" />
        <source>请点击“拍照”</source>
        <translation>Tap "Capture"</translation>
    </message>
    <message>
        <location filename="../materials.py" line="411" />
        <source>未识别到材料边缘，已保留整幅画面。</source>
        <translation>No page edge found; the whole picture was kept.</translation>
    </message>
    <message>
        <location filename="../materials.py" line="415" />
        <source>请确认本页清晰完整。</source>
        <translation>Check that the page is clear and complete.</translation>
    </message>
    <message>
        <location filename="../materials.py" line="433" />
        <source>高拍仪暂时没有画面，请稍候或联系工作人员。</source>
        <translation>The document camera shows no picture yet. Please wait or ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../materials.py" line="453" />
        <source>材料已整理：%1 页，%2</source>
        <translation>Documents ready: %1 pages, %2</translation>
    </message>
    <message>
        <location filename="../materials.py" line="542" />
        <source>%1：%2 页，%3</source>
        <translation>%1: %2 pages, %3</translation>
    </message>
    <message>
        <location filename="../materials.py" line="526" />
        <source>（可选）</source>
        <translation> (optional)</translation>
    </message>
    <message>
        <location filename="../materials.py" line="539" />
        <source>第</source>
        <translation>Page</translation>
    </message>
    <message>
        <location filename="../materials.py" line="539" />
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
        <location filename="../keyboard.py" line="259" />
        <location filename="../keyboard.py" line="291" />
        <source>拼音</source>
        <extracomment>Candidates shown at once; the rest are a page away (‹ ›). Typed as they are, between phrases: what addresses need besides digits. 注音 in the order residents learn it; the tones are on the control row (ˉ is 空格). Three rows of 13: with the control row that is four rows of keys, as the other layouts (four rows of ten plus the control row did not fit 1366×768 elderly). The address words in Traditional characters, for zh_TW. A key was pressed or a target attached: the page keeps the target in view.</extracomment>
        <translation>Pinyin</translation>
    </message>
    <message>
        <location filename="../keyboard.py" line="261" />
        <source>字母</source>
        <translation>ABC</translation>
    </message>
    <message>
        <location filename="../keyboard.py" line="291" />
        <source>注音</source>
        <translation>Zhuyin</translation>
    </message>
    <message>
        <location filename="../keyboard.py" line="301" />
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../keyboard.py" line="286" />
        <source>空格</source>
        <translation>Space</translation>
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
    <name>PaymentController</name>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="149" />
        <source>缴费</source>
        <extracomment>How long the "show your payment code" prompt waits for a scan. The QR's countdown ends this much before the provider's own expiry. The fee and its exemption rules: the screen shows their texts in its language. Payments are possible here (else: pay at the counter). Shown through :func:`kiosk.ui.core_texts.shown`: retranslated on a language switch. Bumped by a cancel or a timeout: answers of older jobs are then ignored.</extracomment>
        <translation>Fee</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="149" />
        <source>元</source>
        <translation>yuan</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="150" />
        <source>收费依据</source>
        <translation>Legal basis</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="153" />
        <source>免缴对象</source>
        <translation>Exempt</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="156" />
        <source>本次</source>
        <translation>This time</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="156" />
        <source>您符合免缴条件（%1），无需缴费。</source>
        <translation>You are exempt (%1): nothing to pay.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="159" />
        <source>提示</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="159" />
        <source>%1请到窗口核验后免缴。</source>
        <translation>%1: please have this checked at the counter to be exempted.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="190" />
        <source>正在生成支付二维码…</source>
        <translation>Creating the payment QR code…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="253" />
        <source>正在支付，请稍候…</source>
        <translation>Paying, please wait…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="279" />
        <location filename="../../kiosk/ui/controllers/payment.py" line="294" />
        <source>已取消缴费，未扣款。</source>
        <translation>Payment cancelled. Nothing was charged.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="286" />
        <source>正在取消，请稍候…</source>
        <translation>Cancelling, please wait…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="404" />
        <source>已缴费 %1 元</source>
        <translation>Paid: %1 yuan</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="414" />
        <source>您支付的 %1 元已原路退回。</source>
        <translation>The %1 yuan you paid has been refunded to your payment account.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="416" />
        <source>您支付的 %1 元将自动原路退回（退款处理中）。</source>
        <translation>The %1 yuan you paid will be refunded to your payment account automatically (refund in progress).</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="418" />
        <source>支付金额与应缴金额不符。</source>
        <translation>The amount paid does not match the fee.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="426" />
        <source>支付未完成，订单已关闭，未扣款。</source>
        <translation>The payment was not completed. The order is closed and nothing was charged.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="431" />
        <location filename="../../kiosk/ui/controllers/payment.py" line="452" />
        <source>支付未成功，未扣款。</source>
        <translation>The payment did not go through. Nothing was charged.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="440" />
        <source>暂时无法确认支付结果。终端会继续向支付系统确认：如已扣款，将自动原路退回，请勿重复付款。</source>
        <translation>The payment result cannot be confirmed yet. The terminal keeps checking with the payment system: if you were charged, the money is refunded automatically. Please do not pay again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="494" />
        <source>等待超时，未扣款。</source>
        <translation>Timed out. Nothing was charged.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/payment.py" line="500" />
        <source>支付超时，正在关闭订单…</source>
        <translation>The payment timed out. Closing the order…</translation>
    </message>
</context>
<context>
    <name>PaymentScreen</name>
    <message>
        <location filename="../payment.py" line="121" />
        <source>缴费</source>
        <translation>Fee</translation>
    </message>
    <message>
        <location filename="../payment.py" line="124" />
        <source>本事项需要缴费，请确认金额后选择支付方式。</source>
        <translation>This service has a fee. Check the amount, then choose how to pay.</translation>
    </message>
    <message>
        <location filename="../payment.py" line="134" />
        <source>屏幕扫码支付</source>
        <translation>Scan the code on screen</translation>
    </message>
    <message>
        <location filename="../payment.py" line="135" />
        <source>出示付款码</source>
        <translation>Show my payment code</translation>
    </message>
    <message>
        <location filename="../payment.py" line="136" />
        <source>继续提交申请</source>
        <translation>Continue and submit</translation>
    </message>
    <message>
        <location filename="../payment.py" line="137" />
        <source>返回重新缴费</source>
        <translation>Back, pay again</translation>
    </message>
    <message>
        <location filename="../payment.py" line="145" />
        <source>缴费确认</source>
        <translation>Confirm the fee</translation>
    </message>
    <message>
        <location filename="../payment.py" line="146" />
        <source>请扫码支付</source>
        <translation>Scan to pay</translation>
    </message>
    <message>
        <location filename="../payment.py" line="147" />
        <source>请出示付款码</source>
        <translation>Show your payment code</translation>
    </message>
    <message>
        <location filename="../payment.py" line="148" />
        <source>正在支付</source>
        <translation>Paying</translation>
    </message>
    <message>
        <location filename="../payment.py" line="149" />
        <source>缴费成功</source>
        <translation>Paid</translation>
    </message>
    <message>
        <location filename="../payment.py" line="150" />
        <source>支付超时</source>
        <translation>Payment timed out</translation>
    </message>
    <message>
        <location filename="../payment.py" line="151" />
        <source>支付未成功</source>
        <translation>Payment failed</translation>
    </message>
    <message>
        <location filename="../payment.py" line="152" />
        <source>费用已退回</source>
        <translation>Refunded</translation>
    </message>
    <message>
        <location filename="../payment.py" line="153" />
        <source>支付结果确认中</source>
        <translation>Confirming the payment</translation>
    </message>
    <message>
        <location filename="../payment.py" line="158" />
        <source>%1：%2 元</source>
        <translation>%1: %2 yuan</translation>
    </message>
    <message>
        <location filename="../payment.py" line="159" />
        <source>收费依据：%1</source>
        <translation>Fee basis: %1</translation>
    </message>
    <message>
        <location filename="../payment.py" line="162" />
        <source>免缴对象：%1（符合条件的请到窗口核验）</source>
        <translation>Exempt: %1 (if this is you, have it checked at the counter)</translation>
    </message>
    <message>
        <location filename="../payment.py" line="166" />
        <source>请选择支付方式：用手机扫屏幕上的二维码，或出示手机上的付款码。</source>
        <translation>Choose how to pay: scan the QR code on the screen with your phone, or show the payment code on your phone.</translation>
    </message>
    <message>
        <location filename="../payment.py" line="169" />
        <source>本终端暂不能缴费，请到窗口缴费办理。</source>
        <translation>Payment is not available at this terminal. Please pay at the counter.</translation>
    </message>
    <message>
        <location filename="../payment.py" line="170" />
        <source>请打开微信、支付宝或云闪付，扫描下方二维码完成支付。</source>
        <translation>Open WeChat, Alipay or UnionPay QuickPass and scan the QR code below to pay.</translation>
    </message>
    <message>
        <location filename="../payment.py" line="171" />
        <source>请打开微信、支付宝或云闪付的“付款码”，对准扫码口。</source>
        <translation>Open the "payment code" in WeChat, Alipay or UnionPay QuickPass and hold it to the scanner.</translation>
    </message>
    <message>
        <location filename="../payment.py" line="172" />
        <source>如手机提示确认，请在手机上确认支付。请勿离开。</source>
        <translation>If your phone asks, confirm the payment there. Please stay here.</translation>
    </message>
    <message>
        <location filename="../payment.py" line="173" />
        <source>订单号：%1</source>
        <translation>Order number: %1</translation>
    </message>
    <message>
        <location filename="../payment.py" line="186" />
        <source>剩余 %1 秒</source>
        <translation>%1 s left</translation>
    </message>
    <message>
        <location filename="../payment.py" line="190" />
        <source>财政电子票据：%1</source>
        <translation>Fiscal e-receipt: %1</translation>
    </message>
    <message>
        <location filename="../payment.py" line="206" />
        <source>取消并退款</source>
        <translation>Cancel and refund</translation>
    </message>
    <message>
        <location filename="../payment.py" line="207" />
        <source>取消支付</source>
        <translation>Cancel payment</translation>
    </message>
    <message>
        <location filename="../payment.py" line="209" />
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../payment.py" line="209" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../admin.py" line="78" />
        <location filename="../admin.py" line="142" />
        <source>技术维护：请输入维护密码</source>
        <translation>Maintenance: enter the technician PIN</translation>
    </message>
    <message>
        <location filename="../admin.py" line="92" />
        <location filename="../admin.py" line="110" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../admin.py" line="96" />
        <location filename="../admin.py" line="111" />
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../admin.py" line="143" />
        <source>首次启用：请输入一次性启用码（见现场人员的启用单）</source>
        <translation>First start: enter the one-time enrolment code (from the field staff's sheet)</translation>
    </message>
    <message>
        <location filename="../admin.py" line="144" />
        <source>请设置维护密码（6至12位数字）</source>
        <translation>Set the technician PIN (6 to 12 digits)</translation>
    </message>
    <message>
        <location filename="../admin.py" line="145" />
        <source>请再次输入新的维护密码</source>
        <translation>Enter the new technician PIN again</translation>
    </message>
    <message>
        <location filename="../admin.py" line="160" />
        <location filename="../admin.py" line="221" />
        <source>本终端尚未设置维护密码，请用配置包设置后再试</source>
        <translation>No maintenance PIN has been set on this terminal yet. Set one with a configuration package, then try again.</translation>
    </message>
    <message>
        <location filename="../admin.py" line="164" />
        <location filename="../admin.py" line="215" />
        <source>错误次数过多，已锁定 %1 分钟</source>
        <translation>Too many wrong PINs, locked for %1 min</translation>
    </message>
    <message>
        <location filename="../admin.py" line="168" />
        <source>密码错误，还可尝试 %1 次</source>
        <translation>Wrong PIN, %1 tries left</translation>
    </message>
    <message>
        <location filename="../admin.py" line="176" />
        <source>启用码应为12至24位数字</source>
        <translation>The enrolment code has 12 to 24 digits</translation>
    </message>
    <message>
        <location filename="../admin.py" line="189" />
        <source>两次输入不一致，请重新设置</source>
        <translation>The two entries differ. Please set the PIN again.</translation>
    </message>
    <message>
        <location filename="../admin.py" line="196" />
        <source>维护密码应为6至12位数字</source>
        <translation>The technician PIN must have 6 to 12 digits</translation>
    </message>
    <message>
        <location filename="../admin.py" line="197" />
        <source>维护密码过于简单（不可全部相同、连续或为演示密码）</source>
        <translation>This PIN is too simple (not all one digit, not a run, not the demo PIN)</translation>
    </message>
    <message>
        <location filename="../admin.py" line="210" />
        <source>启用码错误，还可尝试 %1 次</source>
        <translation>Wrong enrolment code, %1 tries left</translation>
    </message>
    <message>
        <location filename="../admin.py" line="218" />
        <source>该启用码已使用过，请向运维中心申请新的启用码</source>
        <translation>This enrolment code was already used. Ask the operations centre for a new one.</translation>
    </message>
</context>
<context>
    <name>PostScreen</name>
    <message>
        <location filename="../post.py" line="147" />
        <source>邮寄送达</source>
        <translation>Send by post</translation>
    </message>
    <message>
        <location filename="../post.py" line="249" />
        <source>办理结果邮寄到家（免费）</source>
        <translation>Your result posted to your home (free)</translation>
    </message>
    <message>
        <location filename="../post.py" line="251" />
        <source>预约快递上门取件（容缺后补材料）</source>
        <translation>Book a courier to collect documents handed in later</translation>
    </message>
    <message>
        <location filename="../post.py" line="266" />
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../post.py" line="266" />
        <location filename="../post.py" line="296" />
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../post.py" line="286" />
        <source>请选择省、市、区县和街道（乡镇），门牌号在下方填写（街道不在列表中请一并填写）：</source>
        <translation>Choose the province, city, district and street (township); type the house number below (and the street too if it is not in the list):</translation>
    </message>
    <message>
        <location filename="../post.py" line="294" />
        <source>路名、小区、门牌号</source>
        <translation>Road, estate, house number</translation>
    </message>
    <message>
        <location filename="../post.py" line="289" />
        <source>收件人</source>
        <translation>Recipient</translation>
    </message>
    <message>
        <location filename="../post.py" line="290" />
        <source>手机号码</source>
        <translation>Mobile number</translation>
    </message>
    <message>
        <location filename="../post.py" line="291" />
        <source>详细地址</source>
        <translation>Street address</translation>
    </message>
    <message>
        <location filename="../post.py" line="292" />
        <source>收件人姓名</source>
        <translation>Recipient's name</translation>
    </message>
    <message>
        <location filename="../post.py" line="293" />
        <source>11 位手机号码</source>
        <translation>11-digit mobile number</translation>
    </message>
    <message>
        <location filename="../post.py" line="295" />
        <source>确认寄送</source>
        <translation>Confirm delivery</translation>
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
    <name>ReconcilePanel</name>
    <message>
        <location filename="../payment_reconcile.py" line="31" />
        <location filename="../payment_reconcile.py" line="50" />
        <source>缴费对账</source>
        <translation>Payment reconciliation</translation>
    </message>
    <message>
        <location filename="../payment_reconcile.py" line="39" />
        <location filename="../payment_reconcile.py" line="51" />
        <source>对账（今日）</source>
        <translation>Reconcile today</translation>
    </message>
    <message>
        <location filename="../payment_reconcile.py" line="82" />
        <source>正在下载对账单…</source>
        <translation>Downloading the provider's bill…</translation>
    </message>
    <message>
        <location filename="../payment_reconcile.py" line="88" />
        <source>对账失败：%1</source>
        <translation>Reconciliation failed: %1</translation>
    </message>
    <message>
        <location filename="../payment_reconcile.py" line="96" />
        <source>对账记录读取失败</source>
        <translation>Cannot read the reconciliation records</translation>
    </message>
    <message>
        <location filename="../payment_reconcile.py" line="100" />
        <source>尚未对账</source>
        <translation>Not reconciled yet</translation>
    </message>
    <message>
        <location filename="../payment_reconcile.py" line="104" />
        <source>%1：支付 %2 笔，退款 %3 笔</source>
        <translation>%1: %2 payments, %3 refunds</translation>
    </message>
    <message>
        <location filename="../payment_reconcile.py" line="107" />
        <source>账目一致</source>
        <translation>balanced</translation>
    </message>
    <message>
        <location filename="../payment_reconcile.py" line="109" />
        <source>不一致 %1 处</source>
        <translation>%1 mismatches</translation>
    </message>
    <message>
        <location filename="../payment_reconcile.py" line="122" />
        <source>未结订单：%1</source>
        <translation>Unsettled orders: %1</translation>
    </message>
</context>
<context>
    <name>ResultScreen</name>
    <message>
        <location filename="../result.py" line="63" />
        <source>办理结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../result.py" line="74" />
        <source>打印失败</source>
        <translation>Printing failed</translation>
    </message>
    <message>
        <location filename="../result.py" line="85" />
        <source>临时编号：%1</source>
        <translation>Provisional number: %1</translation>
    </message>
    <message>
        <location filename="../result.py" line="87" />
        <source>受理编号：%1</source>
        <translation>Acceptance number: %1</translation>
    </message>
    <message>
        <location filename="../result.py" line="98" />
        <source>办理其他事项</source>
        <translation>Another service</translation>
    </message>
    <message>
        <location filename="../result.py" line="99" />
        <source>评价本次服务</source>
        <translation>Rate this service</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <location filename="../review.py" line="64" />
        <location filename="../review.py" line="146" />
        <source>确认提交</source>
        <translation>Confirm and submit</translation>
    </message>
    <message>
        <location filename="../review.py" line="67" />
        <source>请核对以下信息，确认无误后提交。</source>
        <translation>Please check the information below, then submit.</translation>
    </message>
    <message>
        <location filename="../review.py" line="80" />
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../review.py" line="98" />
        <source>已扫描材料</source>
        <translation>Scanned materials</translation>
    </message>
    <message>
        <location filename="../review.py" line="99" />
        <source>%1 份</source>
        <translation>%1 item(s)</translation>
    </message>
    <message>
        <location filename="../review.py" line="103" />
        <source>签名</source>
        <translation>Signature</translation>
    </message>
    <message>
        <location filename="../review.py" line="104" />
        <source>已签名</source>
        <translation>Signed</translation>
    </message>
    <message>
        <location filename="../review.py" line="104" />
        <source>未签名</source>
        <translation>Not signed</translation>
    </message>
    <message>
        <location filename="../review.py" line="110" />
        <source>，承诺 %1 个工作日</source>
        <translation>, promised within %1 working days</translation>
    </message>
    <message>
        <location filename="../review.py" line="111" />
        <source>办理地</source>
        <translation>Handled by</translation>
    </message>
    <message>
        <location filename="../review.py" line="126" />
        <source>符合即时办结条件，提交后立即打印证明。</source>
        <translation>You qualify for instant approval: the certificate prints as soon as you submit.</translation>
    </message>
    <message>
        <location filename="../review.py" line="127" />
        <source>提交后将打印受理回执，凭受理编号查询进度。</source>
        <translation>A receipt with an acceptance number will be printed; use it to track your case.</translation>
    </message>
    <message>
        <location filename="../review.py" line="128" />
        <source>提交后显示查询结果。</source>
        <translation>The result is shown after you submit.</translation>
    </message>
</context>
<context>
    <name>ServiceController</name>
    <message>
        <location filename="../../kiosk/ui/controllers/service.py" line="90" />
        <source>网络暂不可用，查询类事项请稍后再试或到窗口办理。</source>
        <extracomment>The fee step between review and submit (issue 20).</extracomment>
        <translation>The network is unavailable. Please try lookups later or go to a service counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/service.py" line="92" />
        <source>网络暂不可用，本事项需要联网办理。可办理其他标有“离线可办”的事项，或到窗口办理。</source>
        <translation>The network is unavailable and this service needs it. You can do services marked "available offline", or go to a service counter.</translation>
    </message>
</context>
<context>
    <name>ShellController</name>
    <message>
        <location filename="../../kiosk/ui/controllers/base.py" line="147" />
        <source>演示模式：设备已替换为模拟器</source>
        <extracomment>``on_done(result, error)``: how a background job reports back on the UI thread. The identity card was lifted mid-session: whole seconds left before the session ends (counting down once a second), ``None`` when the card is back or the session is over. The screens show "请勿取走证件" with it. Whether the platform is reachable, as last learnt (status bar, offline rules). The category tapped on the attract screen, opened first by the catalog. The outbox depth last read by :meth:`refresh_queue_status`.</extracomment>
        <translation>Demo mode: the devices were replaced by simulators</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/base.py" line="169" />
        <source>终端暂时无法受理新的申请，请到窗口办理或稍后再试。</source>
        <translation>This terminal cannot take new applications now. Please go to a service counter or try again later.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/controllers/base.py" line="174" />
        <source>终端存储空间不足，暂时无法受理新的申请，请到窗口办理或稍后再试。</source>
        <translation>This terminal is short of storage and cannot take new applications now. Please go to a service counter or try again later.</translation>
    </message>
</context>
<context>
    <name>SignatureScreen</name>
    <message>
        <location filename="../signature.py" line="225" />
        <source>请在下方区域签名</source>
        <translation>Sign in the area below</translation>
    </message>
    <message>
        <location filename="../signature.py" line="227" />
        <source>请用手指或签字笔在白色区域内签写您的姓名，写完后点击“确认签名”。</source>
        <translation>Sign your name in the white area with your finger or the pen, then tap "Confirm signature".</translation>
    </message>
    <message>
        <location filename="../signature.py" line="234" />
        <source>在此处签名</source>
        <translation>Sign here</translation>
    </message>
    <message>
        <location filename="../signature.py" line="240" />
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../signature.py" line="241" />
        <source>清除重签</source>
        <translation>Clear and sign again</translation>
    </message>
    <message>
        <location filename="../signature.py" line="242" />
        <source>撤销一笔</source>
        <translation>Undo stroke</translation>
    </message>
    <message>
        <location filename="../signature.py" line="243" />
        <source>确认签名</source>
        <translation>Confirm signature</translation>
    </message>
    <message>
        <location filename="../signature.py" line="281" />
        <source>签名已确认。</source>
        <translation>Signature confirmed.</translation>
    </message>
</context>
<context>
    <name>SignatureStep</name>
    <message>
        <location filename="../steps.py" line="139" />
        <source>签名确认</source>
        <translation>Signature</translation>
    </message>
    <message>
        <location filename="../steps.py" line="142" />
        <source>请在屏幕上签写您的姓名。</source>
        <translation>Please sign your name on the screen.</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../main_window.py" line="106" />
        <source>网络：检测中</source>
        <translation>Network: checking</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="108" />
        <source>网络：正常</source>
        <translation>Network: online</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="108" />
        <source>网络：离线</source>
        <translation>Network: offline</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="111" />
        <source>待上传：%1 件</source>
        <translation>Waiting to upload: %1</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="119" />
        <source>设备故障：%1</source>
        <translation>Device faults: %1</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="122" />
        <source>设备正常</source>
        <translation>Devices OK</translation>
    </message>
</context>
<context>
    <name>StepIndicator</name>
    <message>
        <location filename="../step_indicator.py" line="19" />
        <source>身份认证</source>
        <extracomment>Step names; QT_TRANSLATE_NOOP marks them for lupdate, translated where shown.</extracomment>
        <translation>Identity</translation>
    </message>
    <message>
        <location filename="../step_indicator.py" line="20" />
        <source>选择事项</source>
        <translation>Choose a service</translation>
    </message>
    <message>
        <location filename="../step_indicator.py" line="21" />
        <source>阅读指南</source>
        <translation>Read the guide</translation>
    </message>
    <message>
        <location filename="../step_indicator.py" line="22" />
        <source>填写信息</source>
        <translation>Fill in the form</translation>
    </message>
    <message>
        <location filename="../step_indicator.py" line="23" />
        <source>提交材料</source>
        <translation>Materials</translation>
    </message>
    <message>
        <location filename="../step_indicator.py" line="24" />
        <source>签名确认</source>
        <translation>Signature</translation>
    </message>
    <message>
        <location filename="../step_indicator.py" line="25" />
        <source>核对信息</source>
        <translation>Check</translation>
    </message>
    <message>
        <location filename="../step_indicator.py" line="26" />
        <source>提交申请</source>
        <translation>Submit</translation>
    </message>
    <message>
        <location filename="../step_indicator.py" line="27" />
        <source>办理结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../step_indicator.py" line="28" />
        <source>服务评价</source>
        <translation>Rate the service</translation>
    </message>
    <message>
        <location filename="../step_indicator.py" line="94" />
        <source>第 %1 步 / 共 %2 步：%3</source>
        <extracomment>States with no step (before and after the session, the technician screen).</extracomment>
        <translation>Step %1 of %2: %3</translation>
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
<context>
    <name>VideoHelp</name>
    <message>
        <location filename="../video_help.py" line="497" />
        <source>视频帮办</source>
        <extracomment>Where the call panel may sit (window pixels); set by install_video_help.</extracomment>
        <translation>Video help</translation>
    </message>
</context>
<context>
    <name>VideoHelpOverlay</name>
    <message>
        <location filename="../video_help.py" line="160" />
        <source>请输入 11 位手机号码或带区号的固定电话。</source>
        <extracomment>Staff picture in the corner panel (4:3) at most; smaller when the screen is short. The narrowest the picture gets (the buttons and status stay whole instead).</extracomment>
        <translation>Please enter an 11-digit mobile number, or a landline number with its area code.</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="162" />
        <source>回电号码未能保存，请稍后再试或联系现场工作人员。</source>
        <translation>Your number could not be saved. Please try again later or ask a member of staff here.</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="209" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="209" />
        <source>挂断</source>
        <translation>Hang up</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="214" />
        <source>正在连接视频帮办服务，请稍候…</source>
        <translation>Connecting to video help, please wait…</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="218" />
        <source>您排在第 %1 位，预计等待约 %2 分钟。工作人员接听后即可通话。</source>
        <translation>You are number %1 in the queue; the expected wait is about %2 min. You can talk as soon as a member of staff answers.</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="223" />
        <source>您可以继续办理。</source>
        <translation>You can carry on with your application.</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="233" />
        <location filename="../video_help.py" line="248" />
        <source>通话已结束。</source>
        <translation>The call has ended.</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="234" />
        <source>工作人员已结束通话。</source>
        <translation>The member of staff ended the call.</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="235" />
        <source>工作人员已离开，通话已结束。</source>
        <translation>The member of staff has left; the call has ended.</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="236" />
        <source>暂时没有工作人员接听，请稍后再试。</source>
        <translation>No member of staff is free to answer. Please try again later.</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="237" />
        <source>已记下您的电话号码，工作人员将尽快回电。</source>
        <translation>Your number has been saved. A member of staff will call you back as soon as possible.</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="239" />
        <source>视频帮办服务暂时无法连接，请稍后再试或联系现场工作人员。</source>
        <translation>Video help cannot be reached at the moment. Please try again later or ask a member of staff here.</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="241" />
        <source>与视频帮办服务的连接中断，通话已结束。</source>
        <translation>The connection to video help was lost; the call has ended.</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="242" />
        <source>网络无法建立视频通话，请稍后再试或联系现场工作人员。</source>
        <translation>The network could not set up the video call. Please try again later or ask a member of staff here.</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="243" />
        <source>摄像头已断开，通话已结束。请联系现场工作人员。</source>
        <translation>The camera was disconnected; the call has ended. Please ask a member of staff here.</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="244" />
        <source>本终端暂时无法发起视频帮办，请联系现场工作人员。</source>
        <translation>This terminal cannot start video help at the moment. Please ask a member of staff here.</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="245" />
        <source>视频帮办服务出现异常，通话已结束。</source>
        <translation>Video help had a problem; the call has ended.</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="246" />
        <source>视频帮办暂未开通，请联系现场工作人员。</source>
        <translation>Video help is not available on this terminal yet. Please ask a member of staff here.</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="251" />
        <source>视频帮办</source>
        <translation>Video help</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="254" />
        <source>接通后，工作人员将看到您的面部画面和本终端的屏幕，并听到您的声音。屏幕上的姓名、证件号码、地址、照片、签名和扫描材料会被遮挡。通话不录音、不录像，结束后立即清除。工作人员只能看和说，不能操作本终端。</source>
        <translation>Once connected, a member of staff will see your face (camera) and this terminal's screen, and hear your voice. Names, ID numbers, addresses, photos, signatures and scanned documents on the screen are hidden. Nothing is recorded, and everything is cleared when the call ends. Staff can only see and talk; they cannot operate this terminal.</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="259" />
        <source>暂时没有工作人员接听。您可以留下电话号码，工作人员稍后回电；号码加密保存，仅用于回电。</source>
        <translation>No member of staff is free right now. You can leave a phone number and a member of staff will call you back; the number is stored encrypted and used only for the call back.</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="262" />
        <source>11 位手机号码</source>
        <translation>11-digit mobile number</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="263" />
        <source>同意并呼叫</source>
        <translation>Agree and call</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="266" />
        <source>允许本次通话中工作人员看到屏幕上的个人信息（姓名、证件号码、地址等）？通话结束后自动恢复遮挡。</source>
        <translation>Let the member of staff see the personal details on the screen (name, ID number, address, …) during this call? They are hidden again when the call ends.</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="269" />
        <source>允许</source>
        <translation>Allow</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="270" />
        <source>不允许</source>
        <translation>Don't allow</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="271" />
        <source>提交号码</source>
        <translation>Submit number</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="272" />
        <source>不用了</source>
        <translation>No, thanks</translation>
    </message>
    <message>
        <location filename="../video_help.py" line="273" />
        <source>返回办理</source>
        <translation>Back to my application</translation>
    </message>
</context>
<context>
    <name>tile</name>
    <message>
        <location filename="../admin.py" line="381" />
        <source>测试</source>
        <translation>Test</translation>
    </message>
</context>
</TS>