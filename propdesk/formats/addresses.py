"""Fixed Chinese notations of addresses and plates, read from what people type or print.

Not messages and not one locale's formats: a room is written 3栋2单元1501室 and a plate starts with its
province's character whatever the reader's language. The registry's search and validators use these;
Django's format lookup (propdesk/formats/<locale>/formats.py) does not read this module.
"""

# The words between building, entrance and room: 3栋2单元1501室, A座1201, 5号楼301号.
BUILDING_WORDS = ("栋", "座", "幢", "号楼")
ENTRANCE_WORDS = ("单元",)
ROOM_WORDS = ("室", "号")

# The provinces' one-character abbreviations that start a plate (GA 36-2018).
PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
# The last character of trailer, driving-school, police and Hong Kong/Macao plates.
PLATE_SUFFIXES = "挂学警港澳"
