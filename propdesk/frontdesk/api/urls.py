"""The front desk's API, under /api/v1/."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("notices", views.NoticeViewSet, basename="notice")
router.register("notice-postings", views.NoticePostingViewSet, basename="noticeposting")
router.register("my/notices", views.MyNoticeViewSet, basename="my-notice")
urlpatterns = router.urls
