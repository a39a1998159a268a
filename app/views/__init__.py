"""The app's pages, run by st.navigation."""
