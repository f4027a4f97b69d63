app_name = "modules"
urlpatterns = []
