"""The one message catalogue: every sentence par shows, in Vietnamese (default) and English.

Keys are dotted names; values are ``str.format`` templates. A test checks that both languages have
the same keys and the same placeholders, and that every rule id has an explanation. Choose the
language with ``--lang`` or the ``PAR_LANG`` environment variable.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any

LANGS = ("vi", "en")

VI: dict[str, str] = {
    # ---- rule explanations (par validate --rules)
    "rule.PLANS-NOT-FOUND": "Không tìm thấy thư mục plans/ (ở thư mục hiện tại hoặc thư mục cha).",
    "rule.FILE-NOT-FOUND": "Tệp được nêu không tồn tại.",
    "rule.FILE-READ": "Không đọc được tệp (quyền truy cập, là thư mục…).",
    "rule.FILE-TOO-LARGE": "Tệp lớn bất thường (quá giới hạn an toàn), không phải tệp kế hoạch.",
    "rule.FILE-EMPTY": "Tệp rỗng hoặc chỉ có chú thích.",
    "rule.FILE-ENCODING": "Tệp không lưu ở mã hóa UTF-8 (ví dụ UTF-16, Windows-1258).",
    "rule.YAML-SYNTAX": "Lỗi cú pháp YAML.",
    "rule.YAML-TAB": "Dùng phím Tab để thụt lề; YAML chỉ chấp nhận dấu cách.",
    "rule.YAML-DUPLICATE-KEY": "Một khóa xuất hiện hai lần trong cùng một khối.",
    "rule.YAML-ALIAS": "Dùng bí danh YAML (&neo / *bí danh); par không chấp nhận để tránh tệp độc hại.",
    "rule.YAML-TAG": "Dùng thẻ kiểu YAML tường minh (!!…); par không chấp nhận.",
    "rule.YAML-MULTI-DOC": "Tệp chứa nhiều tài liệu YAML (dấu ---); mỗi tệp chỉ một.",
    "rule.YAML-COMPLEX-KEY": "Khóa không phải là văn bản đơn giản.",
    "rule.YAML-DEPTH": "Lồng khối quá sâu.",
    "rule.TEXT-NFD": "Văn bản tiếng Việt ở dạng dựng sẵn tách dấu (NFD); par chuẩn hóa về NFC khi đọc.",
    "rule.SCHEMA-KIND": "Thiếu hoặc sai khóa «loai» (ke_hoach hoặc phu_luc).",
    "rule.SCHEMA-UNKNOWN-KEY": "Khóa không có trong định dạng (thường là gõ sai tên khóa).",
    "rule.SCHEMA-MISSING-KEY": "Thiếu khóa bắt buộc.",
    "rule.SCHEMA-TYPE": "Giá trị sai kiểu (cần số, văn bản, danh sách…).",
    "rule.SCHEMA-VALUE": "Giá trị không hợp lệ (ngoài danh sách cho phép, ngoài khoảng, ngày sai…).",
    "rule.PLAN-MISSING": "Thư mục plans/ không có tệp kế hoạch (loai: ke_hoach).",
    "rule.PLAN-MULTIPLE": "Thư mục plans/ có nhiều hơn một tệp kế hoạch.",
    "rule.APPENDIX-MISSING": "Kế hoạch nêu một tệp phụ lục không tồn tại hoặc không phải phụ lục.",
    "rule.APPENDIX-DUPLICATE": "Kế hoạch nêu cùng một phụ lục hai lần.",
    "rule.APPENDIX-NUMBER": "Số phụ lục trong tệp khác với số kế hoạch ghi cho tệp đó.",
    "rule.APPENDIX-UNLISTED": "Tệp phụ lục nằm trong plans/ nhưng kế hoạch không nêu tên.",
    "rule.ROSTER-DUPLICATE": "Hai mục trong danh sách nhân sự trùng mã.",
    "rule.ROSTER-UNKNOWN": "Người chủ trì hoặc phối hợp không có trong danh sách nhân sự (nhan_su).",
    "rule.TASK-ID-DUPLICATE": "Hai nhiệm vụ trùng mã (trong cùng hoặc khác phụ lục).",
    "rule.TASK-ID-PREFIX": "Mã nhiệm vụ không bắt đầu bằng số phụ lục chứa nó.",
    "rule.DEADLINE-PARSE": "Không hiểu được thời hạn.",
    "rule.DEADLINE-RANGE": "Thời hạn nằm ngoài năm kế hoạch (và quý I năm sau).",
    "rule.PROGRESS-ORDER": "Các dòng tiến độ không theo thứ tự ngày.",
    "rule.PROGRESS-FUTURE": "Dòng tiến độ ghi ngày sau ngày xét (--as-of).",
    "rule.PROGRESS-DONE-EVIDENCE": "Nhiệm vụ báo hoàn thành nhưng không có minh chứng.",
    "rule.PROGRESS-PERIOD": "Khóa «ky» của dòng tiến độ sai (tên kỳ, loại kỳ, năm) hoặc việc không định kỳ.",
    "rule.PROGRESS-VALUE": "Dòng tiến độ có giá trị đo nhưng nhiệm vụ không có chỉ tiêu.",
    "rule.TARGET-FORM": "Chỉ tiêu không hợp lệ (ví dụ tỷ lệ phần trăm ngoài 0–100).",
    # ---- file and YAML problems
    "file.not_found": "không tìm thấy tệp.",
    "file.is_directory": "đây là thư mục, không phải tệp.",
    "file.unreadable": "không đọc được tệp ({reason}).",
    "file.too_large": "tệp quá lớn ({size} byte, giới hạn {limit} byte); tệp kế hoạch không lớn như vậy.",
    "file.empty": "tệp rỗng: cần có nội dung kế hoạch hoặc phụ lục.",
    "file.encoding_utf16": "tệp được lưu ở mã {encoding}, par cần UTF-8. Mở tệp, chọn Lưu thành (Save As) và chọn mã hóa UTF-8.",
    "file.encoding_legacy": "tệp không phải UTF-8 (byte {byte} không hợp lệ).",
    "file.hint.cp1258": "Có lẽ tệp được lưu bằng bảng mã Windows-1258 (hoặc TCVN3). Mở tệp, chọn Lưu thành (Save As) và chọn mã hóa UTF-8.",
    "yaml.syntax": "lỗi cú pháp YAML: {problem}.",
    "yaml.bad_character": "tệp chứa ký tự điều khiển {code} không được phép trong YAML; hãy xóa ký tự này.",
    "yaml.hint.colon": "Nếu văn bản có dấu «:», hãy đặt cả giá trị trong ngoặc kép \"…\".",
    "yaml.hint.missing_colon": "Có thể thiếu dấu «:» sau tên khóa, hoặc thiếu dấu ngoặc đóng.",
    "yaml.hint.indent": "Kiểm tra thụt lề: các khóa cùng cấp phải thẳng cột.",
    "yaml.hint.quote": "Có thể thiếu dấu ngoặc kép hoặc ngoặc đóng ở cuối tệp.",
    "yaml.hint.escape": "Trong ngoặc kép, dấu «\\» phải viết thành «\\\\»; hoặc dùng ngoặc đơn '…'.",
    "yaml.hint.token": "Ký tự này không thể mở đầu một giá trị; hãy đặt giá trị trong ngoặc kép.",
    "yaml.tab": "thụt lề bằng phím Tab; YAML chỉ chấp nhận dấu cách. Thay Tab bằng dấu cách.",
    "yaml.duplicate_key": "khóa «{key}» lặp lại (đã có ở dòng {first_line}); par giữ giá trị đầu tiên. Xóa một trong hai.",
    "yaml.alias": "par không chấp nhận bí danh YAML (*tên); hãy viết đầy đủ giá trị.",
    "yaml.tag": "par không chấp nhận thẻ kiểu YAML «{tag}»; hãy bỏ thẻ và viết giá trị thường.",
    "yaml.multi_doc": "tệp chỉ được chứa một tài liệu YAML; hãy xóa dòng «---» và tách thành tệp riêng.",
    "yaml.complex_key": "khóa phải là một từ (ví dụ noi_dung), không phải danh sách hay khối.",
    "yaml.depth": "các khối lồng nhau quá sâu (hơn {limit} cấp).",
    "text.nfd": "văn bản tiếng Việt ở dạng tách dấu (NFD); par đã chuẩn hóa khi đọc. Lưu lại tệp ở dạng dựng sẵn (NFC) để lịch sử git gọn.",
    # ---- schema
    "schema.root_not_mapping": "nội dung tệp phải là các cặp «khóa: giá trị» (bắt đầu bằng «loai: …»).",
    "schema.kind": "khóa «loai» phải là ke_hoach hoặc phu_luc (đang là «{value}»).",
    "schema.unknown_key": "khóa «{key}» không có trong định dạng.",
    "schema.hint.did_you_mean": "Có phải là «{suggestion}»?",
    "schema.hint.allowed": "Các khóa hợp lệ ở đây: {allowed}.",
    "schema.missing_key": "thiếu khóa bắt buộc «{key}».",
    "schema.empty": "«{key}» không được để trống.",
    "schema.choice": "«{key}»: giá trị «{value}» không hợp lệ; chọn một trong: {expected}.",
    "schema.hint.yaml11": "(Nhiều công cụ YAML cũ đọc «{value}» thành đúng/sai; par đọc là chữ.)",
    "schema.greater_than_equal": "«{key}» phải lớn hơn hoặc bằng {limit} (đang là {value}).",
    "schema.less_than_equal": "«{key}» phải nhỏ hơn hoặc bằng {limit} (đang là {value}).",
    "schema.greater_than": "«{key}» phải lớn hơn {limit} (đang là {value}).",
    "schema.less_than": "«{key}» phải nhỏ hơn {limit} (đang là {value}).",
    "schema.roster_id": "«{key}»: mã «{value}» chỉ được gồm chữ thường không dấu, chữ số và dấu gạch ngang (ví dụ vp-tk).",
    "schema.vn_date": "«{key}»: «{value}» không phải ngày; viết 30/9/2024 hoặc 2024-09-30.",
    "schema.vn_date_range": "«{key}»: không có ngày «{value}».",
    "schema.type": "«{key}» phải là {expected} (đang là «{value}»).",
    "schema.hint.decimal": "Dùng dấu chấm cho số thập phân (1.5, không phải 1,5).",
    "schema.other": "«{key}»: {detail}.",
    "type.text": "văn bản",
    "type.integer": "số nguyên",
    "type.number": "số",
    "type.boolean": "true hoặc false",
    "type.list": "danh sách (mỗi mục một dòng bắt đầu bằng «- »)",
    "type.mapping": "khối «khóa: giá trị»",
    # ---- plans folder, appendices, roster, tasks
    "plans.not_found": "không tìm thấy thư mục plans/ trong {cwd} hay các thư mục cha. Chạy par trong thư mục dự án hoặc dùng --plans THƯ_MỤC.",
    "plans.not_a_folder": "«{path}» không phải là thư mục.",
    "plans.empty": "thư mục không có tệp .yaml nào.",
    "plans.no_plan": "không có tệp kế hoạch (tệp có «loai: ke_hoach»).",
    "plans.multiple": "đã có tệp kế hoạch {first}; mỗi thư mục plans/ chỉ một kế hoạch.",
    "plans.has_errors": "các tệp kế hoạch có lỗi; sửa các lỗi dưới đây (hoặc chạy par validate) rồi thử lại.",
    "appendix.missing": "không tìm thấy tệp phụ lục «{file}».",
    "appendix.not_appendix": "tệp «{file}» không phải phụ lục (loai: phu_luc).",
    "appendix.duplicate": "phụ lục «{number}» / tệp «{file}» đã được nêu.",
    "appendix.number": "tệp ghi phụ lục số «{found}» nhưng {plan} ghi số «{expected}».",
    "appendix.unlisted": "tệp phụ lục này không được nêu trong «phu_luc» của {plan}; par bỏ qua nó.",
    "roster.duplicate": "mã nhân sự «{id}» đã dùng cho một mục khác.",
    "roster.unknown_lead": "người chủ trì «{id}» không có trong danh sách nhân sự của {plan}.",
    "roster.unknown_support": "đơn vị phối hợp «{id}» không có trong danh sách nhân sự của {plan}.",
    "roster.hint.did_you_mean": "Có phải là «{suggestion}»?",
    "roster.hint.add": "Thêm mục này vào «nhan_su» hoặc sửa mã.",
    "task.duplicate_id": "mã nhiệm vụ «{id}» trùng với nhiệm vụ ở {first}.",
    "task.id_prefix": "mã nhiệm vụ «{id}» nên bắt đầu bằng «{prefix}» (số của phụ lục chứa nó).",
    "task.unknown": "không có nhiệm vụ mã «{id}».",
    "task.hint.suggestions": "Có phải là: {suggestions}?",
    # ---- deadlines
    "deadline.unparsed": "không hiểu thời hạn «{phrase}». Các dạng được chấp nhận: {forms}.",
    "deadline.empty": "thời hạn đang để trống.",
    "deadline.bad_date": "thời hạn «{phrase}» chứa ngày hoặc tháng không có thật.",
    "deadline.bad_day": "thời hạn «{phrase}»: ngày trong tháng phải từ 1 đến 31.",
    "deadline.no_year": "thời hạn «{phrase}» thiếu năm.",
    "deadline.range": "thời hạn «{phrase}» ({due}) nằm ngoài năm kế hoạch {year} (từ {low} đến {high}).",
    # ---- progress and targets
    "progress.order": "dòng tiến độ ngày {date} đứng sau dòng ngày {previous}; sắp xếp theo thứ tự ngày.",
    "progress.future": "dòng tiến độ ghi ngày {date}, sau ngày xét {today}.",
    "progress.done_evidence": "nhiệm vụ {id} báo hoàn thành nhưng thiếu «minh_chung» (số, ngày văn bản).",
    "progress.value_without_target": "có «gia_tri» nhưng nhiệm vụ {id} không có «chi_tieu».",
    "progress.period_not_recurring": "«ky: {period}» chỉ dùng cho việc định kỳ; thời hạn «{deadline}» không định kỳ.",
    "progress.period_invalid": "«ky: {period}» không phải tên kỳ; viết như 2024-Q3, 2024-H1, 2024-09 hoặc 2024.",
    "progress.period_kind": "«ky: {period}» không khớp với thời hạn «{deadline}».",
    "progress.period_year": "«ky: {period}» không thuộc năm kế hoạch {year}.",
    "target.percent_range": "tỷ lệ phần trăm {value} nằm ngoài khoảng 0–100.",
    # ---- validate output
    "severity.error": "lỗi",
    "severity.warning": "cảnh báo",
    "validate.summary": "{files} tệp, {tasks} nhiệm vụ: {errors} lỗi, {warnings} cảnh báo.",
    "validate.summary_clean": "{files} tệp, {tasks} nhiệm vụ: không có lỗi.",
    "validate.rules_header": "Các quy tắc kiểm tra của par:",
    # ---- periods
    "period.month": "Tháng {month} năm {year}",
    "period.quarter": "Quý {roman} năm {year}",
    "period.half.1": "6 tháng đầu năm {year}",
    "period.half.2": "6 tháng cuối năm {year}",
    "period.year": "Năm {year}",
    "period.invalid": "«{value}» không phải tên kỳ báo cáo; viết như 2024-Q3, 2024-H1, 2024-09 hoặc 2024.",
    # ---- generic errors
    "error.prefix": "Lỗi",
    "error.bad_date": "«{value}» không phải ngày; viết 2024-09-30 hoặc 30/9/2024.",
}

EN: dict[str, str] = {
    "rule.PLANS-NOT-FOUND": "No plans/ folder in the current folder or its parents.",
    "rule.FILE-NOT-FOUND": "A file named does not exist.",
    "rule.FILE-READ": "A file cannot be read (permissions, it is a folder…).",
    "rule.FILE-TOO-LARGE": "A file is unusually large (over the safety cap); it is not a plan file.",
    "rule.FILE-EMPTY": "A file is empty or holds only comments.",
    "rule.FILE-ENCODING": "A file is not saved as UTF-8 (e.g. UTF-16, Windows-1258).",
    "rule.YAML-SYNTAX": "YAML syntax error.",
    "rule.YAML-TAB": "Indented with Tab; YAML accepts spaces only.",
    "rule.YAML-DUPLICATE-KEY": "A key appears twice in the same block.",
    "rule.YAML-ALIAS": "A YAML alias (&anchor / *alias) is used; refused to stay safe from hostile files.",
    "rule.YAML-TAG": "An explicit YAML type tag (!!…) is used; refused.",
    "rule.YAML-MULTI-DOC": "A file holds several YAML documents (---); one per file.",
    "rule.YAML-COMPLEX-KEY": "A key is not plain text.",
    "rule.YAML-DEPTH": "Blocks are nested too deeply.",
    "rule.TEXT-NFD": "Vietnamese text is decomposed (NFD); par normalises it to NFC on load.",
    "rule.SCHEMA-KIND": "The «loai» key is missing or wrong (ke_hoach or phu_luc).",
    "rule.SCHEMA-UNKNOWN-KEY": "A key is not part of the format (usually a misspelt key).",
    "rule.SCHEMA-MISSING-KEY": "A required key is missing.",
    "rule.SCHEMA-TYPE": "A value has the wrong type (number, text, list…).",
    "rule.SCHEMA-VALUE": "A value is not valid (not an allowed choice, out of range, not a date…).",
    "rule.PLAN-MISSING": "The plans/ folder has no plan file (loai: ke_hoach).",
    "rule.PLAN-MULTIPLE": "The plans/ folder has more than one plan file.",
    "rule.APPENDIX-MISSING": "The plan names an appendix file that does not exist or is not an appendix.",
    "rule.APPENDIX-DUPLICATE": "The plan names the same appendix twice.",
    "rule.APPENDIX-NUMBER": "An appendix file's number differs from the number the plan gives it.",
    "rule.APPENDIX-UNLISTED": "An appendix file in plans/ is not named by the plan.",
    "rule.ROSTER-DUPLICATE": "Two roster entries share an id.",
    "rule.ROSTER-UNKNOWN": "A lead or supporting unit is not in the roster (nhan_su).",
    "rule.TASK-ID-DUPLICATE": "Two tasks share an id (in the same or different appendices).",
    "rule.TASK-ID-PREFIX": "A task id does not start with its appendix number.",
    "rule.DEADLINE-PARSE": "A deadline cannot be read.",
    "rule.DEADLINE-RANGE": "A deadline lies outside the plan year (and Q1 of the next year).",
    "rule.PROGRESS-ORDER": "Progress entries are not in date order.",
    "rule.PROGRESS-FUTURE": "A progress entry is dated after the as-of date (--as-of).",
    "rule.PROGRESS-DONE-EVIDENCE": "A task is reported done without evidence.",
    "rule.PROGRESS-PERIOD": "A progress entry's «ky» is wrong (name, kind, year) or the task is not recurring.",
    "rule.PROGRESS-VALUE": "A progress entry has a measured value but the task has no target.",
    "rule.TARGET-FORM": "A target is malformed (e.g. a percentage outside 0–100).",
    "file.not_found": "file not found.",
    "file.is_directory": "this is a folder, not a file.",
    "file.unreadable": "cannot read the file ({reason}).",
    "file.too_large": "file too large ({size} bytes, limit {limit}); a plan file is never this big.",
    "file.empty": "the file is empty: it must hold a plan or an appendix.",
    "file.encoding_utf16": "the file is saved as {encoding}; par needs UTF-8. Open it, choose Save As and pick UTF-8.",
    "file.encoding_legacy": "the file is not UTF-8 (invalid byte {byte}).",
    "file.hint.cp1258": "It was probably saved as Windows-1258 (or TCVN3). Open it, choose Save As and pick UTF-8.",
    "yaml.syntax": "YAML syntax error: {problem}.",
    "yaml.bad_character": "the file contains the control character {code}, which YAML forbids; delete it.",
    "yaml.hint.colon": "If the text contains «:», put the whole value in double quotes \"…\".",
    "yaml.hint.missing_colon": "A «:» may be missing after a key, or a closing bracket is missing.",
    "yaml.hint.indent": "Check the indentation: keys of the same level must line up.",
    "yaml.hint.quote": "A closing quote or bracket may be missing near the end of the file.",
    "yaml.hint.escape": "Inside double quotes write «\\» as «\\\\», or use single quotes '…'.",
    "yaml.hint.token": "This character cannot start a value; put the value in double quotes.",
    "yaml.tab": "indented with Tab; YAML accepts spaces only. Replace the Tab with spaces.",
    "yaml.duplicate_key": "key «{key}» repeated (first on line {first_line}); par keeps the first value. Delete one.",
    "yaml.alias": "par does not accept YAML aliases (*name); write the value out in full.",
    "yaml.tag": "par does not accept the YAML type tag «{tag}»; remove it and write a plain value.",
    "yaml.multi_doc": "a file may hold one YAML document only; remove the «---» line and split the file.",
    "yaml.complex_key": "a key must be a word (e.g. noi_dung), not a list or block.",
    "yaml.depth": "blocks are nested too deeply (over {limit} levels).",
    "text.nfd": "Vietnamese text is decomposed (NFD); par normalised it on load. Save the file composed (NFC) to keep git history clean.",
    "schema.root_not_mapping": "the file must hold «key: value» pairs (starting with «loai: …»).",
    "schema.kind": "the «loai» key must be ke_hoach or phu_luc (it is «{value}»).",
    "schema.unknown_key": "key «{key}» is not part of the format.",
    "schema.hint.did_you_mean": "Did you mean «{suggestion}»?",
    "schema.hint.allowed": "Keys allowed here: {allowed}.",
    "schema.missing_key": "required key «{key}» is missing.",
    "schema.empty": "«{key}» must not be empty.",
    "schema.choice": "«{key}»: «{value}» is not valid; choose one of: {expected}.",
    "schema.hint.yaml11": "(Older YAML tools read «{value}» as a boolean; par reads it as text.)",
    "schema.greater_than_equal": "«{key}» must be at least {limit} (it is {value}).",
    "schema.less_than_equal": "«{key}» must be at most {limit} (it is {value}).",
    "schema.greater_than": "«{key}» must be greater than {limit} (it is {value}).",
    "schema.less_than": "«{key}» must be less than {limit} (it is {value}).",
    "schema.roster_id": "«{key}»: id «{value}» may contain only lower-case letters without accents, digits and hyphens (e.g. vp-tk).",
    "schema.vn_date": "«{key}»: «{value}» is not a date; write 30/9/2024 or 2024-09-30.",
    "schema.vn_date_range": "«{key}»: there is no such day as «{value}».",
    "schema.type": "«{key}» must be {expected} (it is «{value}»).",
    "schema.hint.decimal": "Use a decimal point (1.5, not 1,5).",
    "schema.other": "«{key}»: {detail}.",
    "type.text": "text",
    "type.integer": "a whole number",
    "type.number": "a number",
    "type.boolean": "true or false",
    "type.list": "a list (one item per line starting with «- »)",
    "type.mapping": "a «key: value» block",
    "plans.not_found": "no plans/ folder in {cwd} or its parents. Run par in the project folder or use --plans FOLDER.",
    "plans.not_a_folder": "«{path}» is not a folder.",
    "plans.empty": "the folder has no .yaml file.",
    "plans.no_plan": "there is no plan file (a file with «loai: ke_hoach»).",
    "plans.multiple": "{first} is already the plan file; a plans/ folder holds one plan.",
    "plans.has_errors": "the plan files have errors; fix those below (or run par validate) and try again.",
    "appendix.missing": "appendix file «{file}» not found.",
    "appendix.not_appendix": "file «{file}» is not an appendix (loai: phu_luc).",
    "appendix.duplicate": "appendix «{number}» / file «{file}» is already listed.",
    "appendix.number": "the file says appendix «{found}» but {plan} calls it «{expected}».",
    "appendix.unlisted": "this appendix file is not listed under «phu_luc» in {plan}; par ignores it.",
    "roster.duplicate": "roster id «{id}» is already used by another entry.",
    "roster.unknown_lead": "lead «{id}» is not in the roster of {plan}.",
    "roster.unknown_support": "supporting unit «{id}» is not in the roster of {plan}.",
    "roster.hint.did_you_mean": "Did you mean «{suggestion}»?",
    "roster.hint.add": "Add it under «nhan_su» or correct the id.",
    "task.duplicate_id": "task id «{id}» is also used by the task at {first}.",
    "task.id_prefix": "task id «{id}» should start with «{prefix}» (its appendix number).",
    "task.unknown": "there is no task «{id}».",
    "task.hint.suggestions": "Did you mean: {suggestions}?",
    "deadline.unparsed": "cannot read the deadline «{phrase}». Accepted forms: {forms}.",
    "deadline.empty": "the deadline is empty.",
    "deadline.bad_date": "the deadline «{phrase}» names a day or month that does not exist.",
    "deadline.bad_day": "the deadline «{phrase}»: the day of the month must be 1–31.",
    "deadline.no_year": "the deadline «{phrase}» has no year.",
    "deadline.range": "the deadline «{phrase}» ({due}) is outside plan year {year} ({low} to {high}).",
    "progress.order": "the entry of {date} comes after the entry of {previous}; keep entries in date order.",
    "progress.future": "the entry is dated {date}, after the as-of date {today}.",
    "progress.done_evidence": "task {id} is reported done without «minh_chung» (document number and date).",
    "progress.value_without_target": "«gia_tri» is given but task {id} has no «chi_tieu».",
    "progress.period_not_recurring": "«ky: {period}» is only for recurring tasks; the deadline «{deadline}» is not recurring.",
    "progress.period_invalid": "«ky: {period}» is not a period name; write e.g. 2024-Q3, 2024-H1, 2024-09 or 2024.",
    "progress.period_kind": "«ky: {period}» does not match the deadline «{deadline}».",
    "progress.period_year": "«ky: {period}» is not in plan year {year}.",
    "target.percent_range": "the percentage {value} is outside 0–100.",
    "severity.error": "error",
    "severity.warning": "warning",
    "validate.summary": "{files} files, {tasks} tasks: {errors} errors, {warnings} warnings.",
    "validate.summary_clean": "{files} files, {tasks} tasks: no problems.",
    "validate.rules_header": "The rules par checks:",
    "period.month": "{month_name} {year}",
    "period.quarter": "Q{index} {year}",
    "period.half.1": "First half of {year}",
    "period.half.2": "Second half of {year}",
    "period.year": "Year {year}",
    "period.invalid": "«{value}» is not a period name; write e.g. 2024-Q3, 2024-H1, 2024-09 or 2024.",
    "error.prefix": "Error",
    "error.bad_date": "«{value}» is not a date; write 2024-09-30 or 30/9/2024.",
}

_CATALOGS = {"vi": VI, "en": EN}
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")


def resolve_lang(option: str | None = None) -> str:
    """``--lang`` if given, else ``PAR_LANG``, else Vietnamese; unknown values fall back to vi."""
    lang = (option or os.environ.get("PAR_LANG") or "vi").strip().lower()[:2]
    return lang if lang in _CATALOGS else "vi"


class Translator:
    """``t("key", **params)`` → text in one language. Dates print as dd/mm/yyyy in Vietnamese."""

    def __init__(self, lang: str = "vi") -> None:
        self.lang = lang if lang in _CATALOGS else "vi"
        self._table = _CATALOGS[self.lang]

    def __call__(self, key: str, **params: Any) -> str:
        template = self._table.get(key) or VI.get(key) or key
        shown = {name: self.value(v) for name, v in params.items()}
        try:
            return template.format(**shown)
        except (KeyError, IndexError, ValueError):  # a missing parameter must not hide the message
            return template

    def value(self, value: Any) -> Any:
        """How a parameter is written: dates in the language's style."""
        if isinstance(value, date):
            if self.lang == "vi":
                return f"{value.day:02d}/{value.month:02d}/{value.year}"
            return value.isoformat()
        return value

    def has(self, key: str) -> bool:
        return key in self._table

    def month_name(self, month: int) -> str:
        return _MONTH_NAMES[month - 1]
