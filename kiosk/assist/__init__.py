"""Video assistance (issue 22): the terminal's side of a 视频帮办 call: consent,
queueing, WebRTC (aiortc) off the UI thread, masking of personal fields in the
shared screen, and wiping the call when it ends.

Sits below ``kiosk.services``; it never imports Qt (the window is grabbed into
frames by ``kiosk.ui`` and handed here as arrays).
"""
