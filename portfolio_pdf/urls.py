app_name = "portfolio_pdf"
urlpatterns = []
