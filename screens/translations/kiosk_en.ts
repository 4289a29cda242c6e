<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../attract.py" line="45" />
        <source>服务目录暂不可用，请联系工作人员。</source>
        <translation>The service catalogue is unavailable. Please ask a member of staff.</translation>
    </message>
    <message>
        <location filename="../attract.py" line="63" />
        <source>欢迎使用政务服务自助终端</source>
        <translation>Welcome to the government self-service terminal</translation>
    </message>
    <message>
        <location filename="../attract.py" line="64" />
        <source>请选择要办理的事项，或触摸“开始办理”</source>
        <translation>Choose a service, or touch "Start"</translation>
    </message>
    <message>
        <location filename="../attract.py" line="65" />
        <source>开始办理</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../attract.py" line="66" />
        <source>支持身份证、社保卡、刷脸、政务App扫码登录</source>
        <translation>Sign in with your ID card, social security card, face, or the government app's QR code</translation>
    </message>
</context>
<context>
    <name>GoodbyeScreen</name>
    <message>
        <location filename="../goodbye.py" line="41" />
        <source>感谢使用，请取回您的证件和凭条。</source>
        <translation>Thank you. Please take your card and receipt.</translation>
    </message>
    <message>
        <location filename="../goodbye.py" line="49" />
        <source>感谢使用，再见</source>
        <translation>Thank you, goodbye</translation>
    </message>
    <message>
        <location filename="../goodbye.py" line="51" />
        <source>长时间未操作，已为您退出。</source>
        <translation>You were signed out after a period of inactivity.</translation>
    </message>
    <message>
        <location filename="../goodbye.py" line="52" />
        <source>证件已取走，已为您退出。</source>
        <translation>Your card was removed, so you were signed out.</translation>
    </message>
    <message>
        <location filename="../goodbye.py" line="53" />
        <source>您已退出办理。</source>
        <translation>You have signed out.</translation>
    </message>
    <message>
        <location filename="../goodbye.py" line="54" />
        <source>业务已办理完成。</source>
        <translation>Your application is complete.</translation>
    </message>
    <message>
        <location filename="../goodbye.py" line="57" />
        <source>请取回您的证件和凭条。您的个人信息已从本机清除。</source>
        <translation>Please take your card and receipt. Your personal data has been cleared from this terminal.</translation>
    </message>
    <message>
        <location filename="../goodbye.py" line="58" />
        <source>返回首页</source>
        <translation>Home</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <location filename="../identify.py" line="102" />
        <source>身份识别</source>
        <translation>Identification</translation>
    </message>
    <message>
        <location filename="../identify.py" line="105" />
        <source>请将身份证或社保卡放在感应区。</source>
        <translation>Please place your ID card or social security card on the reader.</translation>
    </message>
    <message>
        <location filename="../identify.py" line="113" />
        <source>请将身份证或社保卡放在感应区</source>
        <translation>Place your ID card or social security card on the reader</translation>
    </message>
    <message>
        <location filename="../identify.py" line="114" />
        <source>也可以选择刷脸登录或政务App扫码登录</source>
        <translation>You can also sign in with your face or the government app's QR code</translation>
    </message>
    <message>
        <location filename="../identify.py" line="119" />
        <source>正在读取证件，请勿移动…</source>
        <translation>Reading your card, please hold still…</translation>
    </message>
    <message>
        <location filename="../identify.py" line="124" />
        <source>识别成功：%1</source>
        <translation>Identified: %1</translation>
    </message>
    <message>
        <location filename="../identify.py" line="130" />
        <source>请取回证件后重试，或联系工作人员</source>
        <translation>Take your card and try again, or ask a member of staff</translation>
    </message>
    <message>
        <location filename="../identify.py" line="138" />
        <source>请出示证件</source>
        <translation>Show your ID</translation>
    </message>
    <message>
        <location filename="../identify.py" line="139" />
        <source>刷脸登录</source>
        <translation>Face sign-in</translation>
    </message>
    <message>
        <location filename="../identify.py" line="140" />
        <source>扫码登录</source>
        <translation>QR sign-in</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <location filename="../idle_overlay.py" line="49" />
        <source>%1 秒后将退出并清除您的信息</source>
        <translation>In %1 s you will be signed out and your data cleared</translation>
    </message>
    <message>
        <location filename="../idle_overlay.py" line="57" />
        <source>您还在办理吗？</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <location filename="../idle_overlay.py" line="58" />
        <source>继续办理</source>
        <translation>Continue</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="257" />
        <source>%1 秒后自动退出</source>
        <translation>Automatic exit in %1 s</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="265" />
        <source>长辈模式</source>
        <translation>Senior mode</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="266" />
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="267" />
        <source>退出</source>
        <translation>Exit</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../main_window.py" line="81" />
        <source>网络：检测中</source>
        <translation>Network: checking</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="83" />
        <source>网络：正常</source>
        <translation>Network: online</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="83" />
        <source>网络：离线</source>
        <translation>Network: offline</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="86" />
        <source>待上传：%1 件</source>
        <translation>Waiting to upload: %1</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="91" />
        <source>设备故障：%1</source>
        <translation>Device faults: %1</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="94" />
        <source>设备正常</source>
        <translation>Devices OK</translation>
    </message>
</context>
</TS>