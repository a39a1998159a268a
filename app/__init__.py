"""The Streamlit app: ``streamlit run`` runs streamlit_app.py here (see ``coopmap app``)."""
