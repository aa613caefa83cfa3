"""Every write of paid services (特约服务): the price list (`prices`), orders (`orders`) and the
monthly summary (`summary`); shared helpers in `common`. Pages, the API, commands and tests call
them through this package."""

from ..permissions import (  # noqa: F401  (the views and the API read them here)
    APPROVE_PERM,
    CONFIRM_PERM,
    CUSTOM_PRICE_PERM,
    DIRECTOR_POSITION,
    PRICE_LIST_PERM,
    REGISTER_PERM,
)
from .orders import (  # noqa: F401
    NUMBER_PREFIX,
    SPECIAL_CHARGE_CODE,
    S,
    add_custom_line,
    add_item_line,
    approve_order,
    cancel_order,
    check_work_may_start,
    complete_for_work_order,
    complete_order,
    confirm_order,
    create_order,
    decline_order,
    live_order_for,
    record_agreement,
    remove_line,
    reopen_order,
    send_back_order,
    special_charge_item,
)
from .prices import (  # noqa: F401
    DEFAULT_PRICES_FROM,
    create_service_item,
    load_default_service_items,
    price_of,
    published_price_list,
    set_item_price,
    update_service_item,
)
from .summary import (  # noqa: F401
    SUMMARY_FROM_DAY,
    due_summary_month,
    produce_summary,
    summary_period,
    summary_rows,
)
