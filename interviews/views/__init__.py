"""Views of 在线访谈: public pages (`public`), the server-sent events fallback (`sse`) and the staff
consoles (`console`). Thin: parse, call one service, render."""
