"""The staff console for video assistance (视频帮办): a FastAPI service with
WebSocket signalling, a queue of calling terminals, staff login and a call audit
with no personal data. It imports nothing of the terminal: they talk WebSocket
and WebRTC.
"""
