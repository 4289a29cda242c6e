"""The scripted walkthrough: the whole terminal offscreen on the simulators, a PNG per step.

May import everything of kiosk (it is a composition root for screenshots and UI tests).
"""
