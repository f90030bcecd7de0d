from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "fawang.analytics"
    label = "analytics"
    verbose_name = "大数据中心"

    def ready(self) -> None:
        from fawang.analytics.rollups import on_order_changed
        from fawang.workorders.signals import order_created, order_transitioned

        order_created.connect(on_order_changed, dispatch_uid="analytics.rollup.created")
        order_transitioned.connect(on_order_changed, dispatch_uid="analytics.rollup.transitioned")
