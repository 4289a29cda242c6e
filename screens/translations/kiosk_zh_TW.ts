<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_TW" sourcelanguage="zh_CN">
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../attract.py" line="45" />
        <source>服务目录暂不可用，请联系工作人员。</source>
        <translation>服務目錄暫不可用，請聯絡工作人員。</translation>
    </message>
    <message>
        <location filename="../attract.py" line="63" />
        <source>欢迎使用政务服务自助终端</source>
        <translation>歡迎使用政務服務自助終端</translation>
    </message>
    <message>
        <location filename="../attract.py" line="64" />
        <source>请选择要办理的事项，或触摸“开始办理”</source>
        <translation>請選擇要辦理的事項，或觸控“開始辦理”</translation>
    </message>
    <message>
        <location filename="../attract.py" line="65" />
        <source>开始办理</source>
        <translation>開始辦理</translation>
    </message>
    <message>
        <location filename="../attract.py" line="66" />
        <source>支持身份证、社保卡、刷脸、政务App扫码登录</source>
        <translation>支援身份證、社保卡、刷臉、政務App掃碼登入</translation>
    </message>
</context>
<context>
    <name>GoodbyeScreen</name>
    <message>
        <location filename="../goodbye.py" line="41" />
        <source>感谢使用，请取回您的证件和凭条。</source>
        <translation>感謝使用，請取回您的證件和憑條。</translation>
    </message>
    <message>
        <location filename="../goodbye.py" line="49" />
        <source>感谢使用，再见</source>
        <translation>感謝使用，再見</translation>
    </message>
    <message>
        <location filename="../goodbye.py" line="51" />
        <source>长时间未操作，已为您退出。</source>
        <translation>長時間未操作，已為您退出。</translation>
    </message>
    <message>
        <location filename="../goodbye.py" line="52" />
        <source>证件已取走，已为您退出。</source>
        <translation>證件已取走，已為您退出。</translation>
    </message>
    <message>
        <location filename="../goodbye.py" line="53" />
        <source>您已退出办理。</source>
        <translation>您已退出辦理。</translation>
    </message>
    <message>
        <location filename="../goodbye.py" line="54" />
        <source>业务已办理完成。</source>
        <translation>業務已辦理完成。</translation>
    </message>
    <message>
        <location filename="../goodbye.py" line="57" />
        <source>请取回您的证件和凭条。您的个人信息已从本机清除。</source>
        <translation>請取回您的證件和憑條。您的個人資訊已從本機清除。</translation>
    </message>
    <message>
        <location filename="../goodbye.py" line="58" />
        <source>返回首页</source>
        <translation>返回首頁</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <location filename="../identify.py" line="102" />
        <source>身份识别</source>
        <translation>身份識別</translation>
    </message>
    <message>
        <location filename="../identify.py" line="105" />
        <source>请将身份证或社保卡放在感应区。</source>
        <translation>請將身份證或社保卡放在感應區。</translation>
    </message>
    <message>
        <location filename="../identify.py" line="113" />
        <source>请将身份证或社保卡放在感应区</source>
        <translation>請將身份證或社保卡放在感應區</translation>
    </message>
    <message>
        <location filename="../identify.py" line="114" />
        <source>也可以选择刷脸登录或政务App扫码登录</source>
        <translation>也可以選擇刷臉登入或政務App掃碼登入</translation>
    </message>
    <message>
        <location filename="../identify.py" line="119" />
        <source>正在读取证件，请勿移动…</source>
        <translation>正在讀取證件，請勿移動…</translation>
    </message>
    <message>
        <location filename="../identify.py" line="124" />
        <source>识别成功：%1</source>
        <translation>識別成功：%1</translation>
    </message>
    <message>
        <location filename="../identify.py" line="130" />
        <source>请取回证件后重试，或联系工作人员</source>
        <translation>請取回證件後重試，或聯絡工作人員</translation>
    </message>
    <message>
        <location filename="../identify.py" line="138" />
        <source>请出示证件</source>
        <translation>請出示證件</translation>
    </message>
    <message>
        <location filename="../identify.py" line="139" />
        <source>刷脸登录</source>
        <translation>刷臉登入</translation>
    </message>
    <message>
        <location filename="../identify.py" line="140" />
        <source>扫码登录</source>
        <translation>掃碼登入</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <location filename="../idle_overlay.py" line="49" />
        <source>%1 秒后将退出并清除您的信息</source>
        <translation>%1 秒後將退出並清除您的資訊</translation>
    </message>
    <message>
        <location filename="../idle_overlay.py" line="57" />
        <source>您还在办理吗？</source>
        <translation>您還在辦理嗎？</translation>
    </message>
    <message>
        <location filename="../idle_overlay.py" line="58" />
        <source>继续办理</source>
        <translation>繼續辦理</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="257" />
        <source>%1 秒后自动退出</source>
        <translation>%1 秒後自動退出</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="265" />
        <source>长辈模式</source>
        <translation>長輩模式</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="266" />
        <source>返回</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="267" />
        <source>退出</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../main_window.py" line="81" />
        <source>网络：检测中</source>
        <translation>網路：檢測中</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="83" />
        <source>网络：正常</source>
        <translation>網路：正常</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="83" />
        <source>网络：离线</source>
        <translation>網路：離線</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="86" />
        <source>待上传：%1 件</source>
        <translation>待上傳：%1 件</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="91" />
        <source>设备故障：%1</source>
        <translation>裝置故障：%1</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="94" />
        <source>设备正常</source>
        <translation>裝置正常</translation>
    </message>
</context>
</TS>