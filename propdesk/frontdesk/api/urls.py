"""The front desk's API, under /api/v1/."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("notices", views.NoticeViewSet, basename="notice")
router.register("my/notices", views.MyNoticeViewSet, basename="my-notice")
urlpatterns = router.urls
