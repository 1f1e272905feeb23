"""The web page's building blocks: pure rendering (render, export), stores (feedback,
conversations), admin uploads, session state and Streamlit views. ``app.py`` wires them up."""
