// Every contract error code in plain words and what to do next, in both languages, in one place
// (DESIGN habit 5, balenaEtcher's lib/shared/errors.ts). Typed as a Record over ERROR_CODES, so
// a code added to preload/contract/errors.ts without words here fails to compile.
import type { ERROR_CODES, ErrorData } from '../../../preload/contract/errors';

type KnownCode = (typeof ERROR_CODES)[number];
interface Words {
  /** What happened, in the technician's terms. */
  title: string;
  /** What to do next. */
  next: string;
}
interface Entry {
  en: Words;
  'zh-CN': Words;
}

export const ERROR_MESSAGES: Record<KnownCode, Entry> = {
  INTERNAL: {
    en: { title: 'Something went wrong inside Optic Bench', next: 'Try again; if it keeps happening, restart the application and tell the supervisor.' },
    'zh-CN': { title: 'Optic Bench 内部出错', next: '请重试；如果反复出现，请重启程序并告知主管。' },
  },
  INVALID_INPUT: {
    en: { title: 'Some of the information entered is not valid', next: 'Check the highlighted fields and try again.' },
    'zh-CN': { title: '输入的信息无效', next: '请检查标出的字段后重试。' },
  },
  NOT_FOUND: {
    en: { title: 'Nothing was found', next: 'Check the serial or RMA number and search again.' },
    'zh-CN': { title: '未找到记录', next: '请核对序列号或 RMA 号后重新查找。' },
  },
  CANCELLED: {
    en: { title: 'Cancelled', next: 'Nothing was changed; start again when ready.' },
    'zh-CN': { title: '已取消', next: '未做任何更改；准备好后重新开始。' },
  },
  FORBIDDEN_SENDER: {
    en: { title: 'The request came from an unknown page and was refused', next: 'Restart the application.' },
    'zh-CN': { title: '请求来自未知页面，已被拒绝', next: '请重启程序。' },
  },
  FILE_NOT_FOUND: {
    en: { title: 'The file was not found', next: 'Choose the file again; it may have been moved or deleted.' },
    'zh-CN': { title: '找不到文件', next: '请重新选择文件；它可能已被移动或删除。' },
  },
  FILE_UNREADABLE: {
    en: { title: 'The file could not be read', next: 'Check that the file is not open elsewhere and that you may read it, then try again.' },
    'zh-CN': { title: '无法读取文件', next: '请确认文件未被其他程序占用且有读取权限，然后重试。' },
  },
  IMAGE_EMPTY: {
    en: { title: 'The dump is empty', next: 'Choose a dump that contains the module memory (raw, ethtool -m hex or hex).' },
    'zh-CN': { title: '转储文件为空', next: '请选择包含模块内存的转储文件（raw、ethtool -m 十六进制或 hex）。' },
  },
  IMAGE_UNPARSEABLE: {
    en: { title: 'The dump is not in a format Optic Bench understands', next: 'Save it again as raw bytes or ethtool -m hex output and open that.' },
    'zh-CN': { title: '无法识别转储文件格式', next: '请另存为原始字节或 ethtool -m 十六进制格式后再打开。' },
  },
  NO_MODULE: {
    en: { title: 'No module detected', next: 'Seat the module fully in the programmer cage and press Read again.' },
    'zh-CN': { title: '未检测到模块', next: '请将模块完全插入编程器插槽，然后再次按“读取”。' },
  },
  PROGRAMMER_NOT_RESPONDING: {
    en: { title: 'The programmer does not respond', next: 'Unplug the programmer’s USB cable, plug it back in, and press Read again.' },
    'zh-CN': { title: '编程器无响应', next: '请拔下编程器的 USB 线再插回，然后再次按“读取”。' },
  },
  PROGRAMMER_UNPLUGGED: {
    en: { title: 'The programmer was unplugged', next: 'Plug the programmer back in, refresh the programmer list and read again.' },
    'zh-CN': { title: '编程器已断开', next: '请重新连接编程器，刷新编程器列表后再读取。' },
  },
  PORT_NOT_FOUND: {
    en: { title: 'The serial port is gone', next: 'Refresh the programmer list and pick the programmer again.' },
    'zh-CN': { title: '串口不存在', next: '请刷新编程器列表并重新选择编程器。' },
  },
  PORT_BUSY: {
    en: { title: 'The serial port is in use by another program', next: 'Close the other program (terminal, another Optic Bench) and try again.' },
    'zh-CN': { title: '串口被其他程序占用', next: '请关闭占用串口的程序（终端、另一个 Optic Bench），然后重试。' },
  },
  PORT_PERMISSION: {
    en: { title: 'No permission to open the serial port', next: 'Ask IT to add this user to the dialout group (Linux), then log in again.' },
    'zh-CN': { title: '没有打开串口的权限', next: '请让 IT 将此用户加入 dialout 组（Linux），然后重新登录。' },
  },
  PORT_OPEN_FAILED: {
    en: { title: 'The serial port could not be opened', next: 'Unplug and replug the programmer, refresh the list and try again.' },
    'zh-CN': { title: '无法打开串口', next: '请重新插拔编程器，刷新列表后重试。' },
  },
  UDEV_MISSING: {
    en: { title: 'The programmer is not set up on this computer', next: 'Ask IT to install the Optic Bench udev rules, then replug the programmer.' },
    'zh-CN': { title: '此电脑尚未配置编程器', next: '请让 IT 安装 Optic Bench 的 udev 规则，然后重新插拔编程器。' },
  },
  READ_FAILED: {
    en: { title: 'The module could not be read reliably', next: 'Reseat the module, clean the connector if needed, and press Read again.' },
    'zh-CN': { title: '无法可靠读取模块', next: '请重新插拔模块，必要时清洁连接器，然后再次按“读取”。' },
  },
  MODULE_UNSUPPORTED: {
    en: { title: 'This kind of module is not supported', next: 'Set the module aside for engineering; Optic Bench reads SFP/SFP+ (SFF-8472) and QSFP (SFF-8636).' },
    'zh-CN': { title: '不支持此类模块', next: '请将模块交给工程部；Optic Bench 支持 SFP/SFP+（SFF-8472）和 QSFP（SFF-8636）。' },
  },
  SIM_MODULE_UNKNOWN: {
    en: { title: 'That simulated module does not exist', next: 'Pick a module from the simulated bench list.' },
    'zh-CN': { title: '模拟模块不存在', next: '请从模拟工作台列表中选择模块。' },
  },
  INVALID_DATE: {
    en: { title: 'A date is not valid', next: 'Enter the date as a real calendar date and try again.' },
    'zh-CN': { title: '日期无效', next: '请输入有效的日历日期后重试。' },
  },
  INVALID_CAUSE: {
    en: { title: 'The cause category is not valid', next: 'Pick a cause from the list.' },
    'zh-CN': { title: '故障原因类别无效', next: '请从列表中选择原因。' },
  },
  INVALID_VERDICT: {
    en: { title: 'The test verdict is not valid', next: 'Read the module again to get a fresh verdict.' },
    'zh-CN': { title: '测试结论无效', next: '请重新读取模块以获得新的结论。' },
  },
  WARRANTY_NOTIFIED_BEFORE_DELIVERY: {
    en: { title: 'The notification date is before the delivery date', next: 'Check both dates on the case and correct the wrong one.' },
    'zh-CN': { title: '通知日期早于交货日期', next: '请核对案例上的两个日期并更正错误的一个。' },
  },
  WARRANTY_NOTIFIED_BEFORE_MANUFACTURE: {
    en: { title: 'The notification date is before the module was made', next: 'Check the notification date and the module’s date code.' },
    'zh-CN': { title: '通知日期早于模块生产日期', next: '请核对通知日期和模块的日期代码。' },
  },
  WARRANTY_BASIS_UNKNOWN: {
    en: { title: 'There is no delivery or manufacture date to start the warranty from', next: 'Enter the delivery date from the invoice, or read the module so its date code can be used.' },
    'zh-CN': { title: '没有可用于计算保修期的交货或生产日期', next: '请根据发票输入交货日期，或读取模块以使用其日期代码。' },
  },
  LIMIT_PROFILE_INVALID: {
    en: { title: 'The limit profile is not valid', next: 'Fix the fields named in the details and import it again.' },
    'zh-CN': { title: '限值配置无效', next: '请按详情修正相应字段后重新导入。' },
  },
  LIMIT_PROFILE_DUPLICATE: {
    en: { title: 'This limit profile version already exists', next: 'Import it as a new version instead; versions are never overwritten.' },
    'zh-CN': { title: '该限值配置版本已存在', next: '请作为新版本导入；已有版本不会被覆盖。' },
  },
  LIMIT_PROFILE_NOT_FOUND: {
    en: { title: 'The limit profile was not found', next: 'Pick a profile from the list in Settings.' },
    'zh-CN': { title: '找不到限值配置', next: '请在“设置”的列表中选择配置。' },
  },
  LIMIT_LIBRARY_UNREADABLE: {
    en: { title: 'The limit profile library could not be read', next: 'Restore the limit profiles from a backup or reinstall Optic Bench.' },
    'zh-CN': { title: '无法读取限值配置库', next: '请从备份恢复限值配置或重新安装 Optic Bench。' },
  },
  DB_TOO_NEW: {
    en: { title: 'The database was written by a newer Optic Bench', next: 'Install the newer version of Optic Bench on this computer; the data has not been changed.' },
    'zh-CN': { title: '数据库由更新版本的 Optic Bench 写入', next: '请在此电脑上安装更新版本的 Optic Bench；数据未被改动。' },
  },
  DB_NOT_OPTIC_BENCH: {
    en: { title: 'That file is not an Optic Bench database', next: 'Choose the Optic Bench database or backup file instead.' },
    'zh-CN': { title: '该文件不是 Optic Bench 数据库', next: '请选择 Optic Bench 的数据库或备份文件。' },
  },
  DB_OPEN_FAILED: {
    en: { title: 'The database could not be opened', next: 'Close other copies of Optic Bench, check the disk has space, and start again.' },
    'zh-CN': { title: '无法打开数据库', next: '请关闭其他 Optic Bench 窗口，确认磁盘有空间后重新启动。' },
  },
  DB_CORRUPT: {
    en: { title: 'The database is damaged', next: 'Restore the latest backup from Settings and tell the supervisor.' },
    'zh-CN': { title: '数据库已损坏', next: '请在“设置”中恢复最新备份并告知主管。' },
  },
  ILLEGAL_TRANSITION: {
    en: { title: 'The case cannot move to that status from where it is', next: 'Use one of the actions offered on the case page.' },
    'zh-CN': { title: '维修单无法从当前状态转到该状态', next: '请使用维修单页面上提供的操作。' },
  },
  EVIDENCE_MISSING: {
    en: { title: 'A test run is needed first', next: 'Read the module on the Bench and attach the run to this case, then try again.' },
    'zh-CN': { title: '需要先有测试记录', next: '请在测试台读取模块并关联到此维修单，然后重试。' },
  },
  VERIFICATION_FAILED: {
    en: { title: 'The module did not pass the test after repair', next: 'Repair or replace it again, read it, and attach the new after-repair run.' },
    'zh-CN': { title: '维修后的模块未通过测试', next: '请再次维修或更换，读取后关联新的维修后测试记录。' },
  },
  DUPLICATE: {
    en: { title: 'That record already exists', next: 'Search for the existing one instead of creating it again.' },
    'zh-CN': { title: '该记录已存在', next: '请查找已有记录，不要重复创建。' },
  },
  CASE_CLOSED: {
    en: { title: 'The case is closed and can no longer be changed', next: 'Open a new case if the module came back again.' },
    'zh-CN': { title: '维修单已关闭，无法再修改', next: '如果模块再次返修，请新建维修单。' },
  },
  CSV_INVALID: {
    en: { title: 'The CSV file has rows that cannot be imported', next: 'Fix the rows listed in the details and import the file again.' },
    'zh-CN': { title: 'CSV 文件中有无法导入的行', next: '请修正详情中列出的行后重新导入。' },
  },
  BACKUP_TARGET_EXISTS: {
    en: { title: 'A file with that name already exists', next: 'Choose another name or folder for the backup.' },
    'zh-CN': { title: '同名文件已存在', next: '请为备份选择其他名称或文件夹。' },
  },
  RESTORE_SOURCE_INVALID: {
    en: { title: 'That file is not a usable Optic Bench backup', next: 'Choose a backup made by Optic Bench (Settings → Backup).' },
    'zh-CN': { title: '该文件不是可用的 Optic Bench 备份', next: '请选择由 Optic Bench 生成的备份（设置 → 备份）。' },
  },
  EXPORT_TARGET_EXISTS: {
    en: { title: 'A file with that name already exists', next: 'Choose another name, or confirm replacing the file.' },
    'zh-CN': { title: '同名文件已存在', next: '请换一个文件名，或确认替换该文件。' },
  },
  EXPORT_WRITE_FAILED: {
    en: { title: 'The export could not be written', next: 'Check that the folder exists, has free space and may be written to (a USB stick may be full or read-only), then export again.' },
    'zh-CN': { title: '无法写入导出文件', next: '请确认文件夹存在、空间充足且可写入（U 盘可能已满或只读），然后重新导出。' },
  },
  REPORT_BROWSER_MISSING: {
    en: { title: 'Chromium, which makes report PDFs here, is not installed', next: 'Install the chromium package (or set OPTIC_BENCH_CHROMIUM to a Chromium binary) and try again.' },
    'zh-CN': { title: '未安装用于生成报告 PDF 的 Chromium', next: '请安装 chromium 软件包（或将 OPTIC_BENCH_CHROMIUM 设为 Chromium 程序路径）后重试。' },
  },
  REPORT_BROWSER_FAILED: {
    en: { title: 'Chromium, which makes report PDFs here, did not start', next: 'Try again; if it keeps happening, tell the supervisor and quote the code shown.' },
    'zh-CN': { title: '用于生成报告 PDF 的 Chromium 未能启动', next: '请重试；如果反复出现，请告知主管并提供显示的代码。' },
  },
  REPORT_TARGET_EXISTS: {
    en: { title: 'A file with that name already exists', next: 'Choose another name for the report, or remove the old file first.' },
    'zh-CN': { title: '同名文件已存在', next: '请为报告换一个文件名，或先删除旧文件。' },
  },
  REPORT_PRINTER_UNAVAILABLE: {
    en: { title: 'Printing is not available here', next: 'Use Save as PDF and print the file, or print from the desktop application.' },
    'zh-CN': { title: '此处无法打印', next: '请使用“另存为 PDF”后打印该文件，或在桌面程序中打印。' },
  },
  REPORT_PRINT_FAILED: {
    en: { title: 'The report could not be printed', next: 'Check that the printer is on, has paper and is selected in the print dialog, then print again.' },
    'zh-CN': { title: '报告打印失败', next: '请确认打印机已开机、有纸并已在打印对话框中选中，然后重新打印。' },
  },
  REPORT_PDF_FAILED: {
    en: { title: 'The PDF could not be made', next: 'Try again; if it keeps happening, restart the application and tell the supervisor.' },
    'zh-CN': { title: '无法生成 PDF', next: '请重试；如果反复出现，请重启程序并告知主管。' },
  },
  REPORT_WRITE_FAILED: {
    en: { title: 'The PDF could not be saved', next: 'Check that the folder exists, has free space and may be written to (a USB stick may be full or read-only), then save again.' },
    'zh-CN': { title: '无法保存 PDF', next: '请确认文件夹存在、空间充足且可写入（U 盘可能已满或只读），然后重新保存。' },
  },
  SIGN_IN_REQUIRED: {
    en: { title: 'Nobody is signed in at this station', next: 'Sign in with your name and PIN: every record names who made it.' },
    'zh-CN': { title: '本工位无人登录', next: '请用姓名和 PIN 登录：每条记录都要写明是谁做的。' },
  },
  SESSION_LOCKED: {
    en: { title: 'The station is locked', next: 'Unlock it with your PIN, or sign in as yourself.' },
    'zh-CN': { title: '工位已锁定', next: '请输入 PIN 解锁，或以您自己的身份登录。' },
  },
  ROLE_REQUIRED: {
    en: { title: 'Your role may not do this', next: 'Ask a supervisor or the engineering manager to sign in and do it.' },
    'zh-CN': { title: '您的角色无权执行此操作', next: '请主管或工程经理登录后操作。' },
  },
  PIN_INVALID: {
    en: { title: 'The PIN was not accepted', next: 'Check who is chosen and type the PIN again; a supervisor can set a new one.' },
    'zh-CN': { title: 'PIN 不正确', next: '请确认所选人员并重新输入 PIN；主管可以重新设置 PIN。' },
  },
  PIN_THROTTLED: {
    en: { title: 'Too many wrong PINs', next: 'Wait a few minutes before trying again, or ask a supervisor to set a new PIN.' },
    'zh-CN': { title: 'PIN 错误次数过多', next: '请等几分钟后再试，或请主管重新设置 PIN。' },
  },
  SETUP_ALREADY_DONE: {
    en: { title: 'This station is already set up', next: 'Sign in; a supervisor or the engineering manager adds new people in Settings.' },
    'zh-CN': { title: '本工位已完成初始设置', next: '请登录；主管或工程经理在“设置”中添加新人员。' },
  },
  STATION_NOT_SET: {
    en: { title: 'This station has no name yet', next: 'Enter the station name in Settings: every test run says where it was taken.' },
    'zh-CN': { title: '本工位尚未命名', next: '请在“设置”中填写工位名称：每条测试记录都要写明测试地点。' },
  },
  SERIAL_MISMATCH: {
    en: { title: "The module's serial is not the case's", next: 'Check that the right module is in the programmer. If the label was replaced, a supervisor approves with the reason.' },
    'zh-CN': { title: '模块序列号与案例不符', next: '请确认编程器中是正确的模块。如果标签已更换，需主管填写原因并批准。' },
  },
  EVIDENCE_NOT_ADMISSIBLE: {
    en: { title: 'Training and imported runs are not evidence', next: 'Read the module on a programmer: only such a run can decide or verify a case.' },
    'zh-CN': { title: '练习和导入的记录不能作为证据', next: '请在编程器上读取模块：只有这样的记录才能用于判定或验证案例。' },
  },
  CHAIN_BROKEN: {
    en: { title: 'The records do not match their hash chain', next: 'Records were changed outside Optic Bench. Do not change anything; tell the engineering manager.' },
    'zh-CN': { title: '记录与哈希链不符', next: '有记录在 Optic Bench 之外被改动。请勿再做更改，并告知工程经理。' },
  },
  RESTORE_SCHEMA_MISMATCH: {
    en: { title: 'The backup is not one Optic Bench made', next: 'Its tables or triggers were changed; nothing was restored. Choose a backup taken by the app.' },
    'zh-CN': { title: '该备份不是 Optic Bench 生成的', next: '其表或触发器已被改动，未做任何恢复。请选择由本程序生成的备份。' },
  },
  RESTORE_CHAIN_BROKEN: {
    en: { title: "The backup's records do not match their hash chain", next: 'Records in it were changed after they were written; nothing was restored. Choose another backup.' },
    'zh-CN': { title: '备份中的记录与哈希链不符', next: '其中的记录在写入后被改动过，未做任何恢复。请选择其他备份。' },
  },
  RESTORE_DATABASE_IN_USE: {
    en: { title: 'The records are open in another program', next: 'Close the other Optic Bench windows and commands named in the message, then restore again.' },
    'zh-CN': { title: '记录正被其他程序使用', next: '请关闭消息中列出的其他 Optic Bench 窗口和命令，然后重新恢复。' },
  },
  PORT_NOT_LISTED: {
    en: { title: 'That port was not found in the last search', next: 'Refresh the port list and choose the programmer from it.' },
    'zh-CN': { title: '上次搜索中没有该端口', next: '请刷新端口列表，并从中选择编程器。' },
  },
  PROGRAMMER_NOISY_LINE: {
    en: { title: 'The port sends data nobody asked for', next: 'It is not a programmer answering, or the cable is faulty: check the port and the cable.' },
    'zh-CN': { title: '端口发送了未请求的数据', next: '这可能不是编程器在应答，或线缆有故障：请检查端口和线缆。' },
  },
  ALREADY_ATTACHED: {
    en: { title: 'This read already counts for the case', next: 'Nothing was added. Read the module again if a new reading is needed.' },
    'zh-CN': { title: '该读取已计入此维修单', next: '未重复添加。如需新的读数，请重新读取模块。' },
  },
  NOT_ATTACHED: {
    en: { title: 'That run does not count for this case', next: 'Nothing was withdrawn. Refresh the case page to see its runs as they are.' },
    'zh-CN': { title: '该测试记录未计入此维修单', next: '未撤回任何记录。请刷新维修单页面查看当前的测试记录。' },
  },
  MODULE_CHANGED: {
    en: { title: 'The module in the programmer is no longer the one read', next: 'Nothing was attached. Wait for the new module to be read, then attach that read.' },
    'zh-CN': { title: '编程器中的模块已不是刚才读取的模块', next: '未关联任何记录。请等待新模块读取完成，再关联该读取。' },
  },
  PREVIEW_EXPIRED: {
    en: { title: 'That preview is no longer open', next: 'Choose the deliveries file again; nothing was imported.' },
    'zh-CN': { title: '该预览已失效', next: '请重新选择交付记录文件；未导入任何记录。' },
  },
  SOAK_RUNNING: {
    en: { title: 'A soak is using that programmer', next: 'Wait for the soak to end or stop it on the bench, then try again.' },
    'zh-CN': { title: '该编程器正在进行老化测试', next: '请等待老化测试结束或在测试台上停止它，然后重试。' },
  },
  SOAK_RATE_TOO_HIGH: {
    en: { title: 'The programmer cannot read this module that often', next: 'Nothing was started. Choose a lower rate and start the soak again.' },
    'zh-CN': { title: '编程器无法以该频率读取此模块', next: '未开始老化测试。请选择更低的采样频率后重新开始。' },
  },
  LAB_SERVER_UNREACHABLE: {
    en: { title: 'The lab server does not answer', next: 'Reading and judging modules go on; test runs wait on this bench and are sent when the server is back. Decisions and case changes wait for the server: try again when it answers.' },
    'zh-CN': { title: '实验室服务器无响应', next: '读取和判定模块不受影响；测试记录暂存在本工位，服务器恢复后自动发送。决定和案例修改需等待服务器：恢复后请重试。' },
  },
  LAB_SERVER_REFUSED: {
    en: { title: 'The lab server refused the connection', next: 'Check the user, password, database and TLS settings in Settings → Lab server, or ask the lab administrator.' },
    'zh-CN': { title: '实验室服务器拒绝连接', next: '请在“设置 → 实验室服务器”中检查用户、密码、数据库和 TLS 设置，或联系实验室管理员。' },
  },
  LAB_UPGRADE_NEEDED: {
    en: { title: 'The lab database needs an upgrade first', next: 'The lab administrator runs the upgrade named in the message (docs/lab.md); then connect again.' },
    'zh-CN': { title: '实验室数据库需要先升级', next: '请实验室管理员执行消息中所述的升级（见 docs/lab.md），然后重新连接。' },
  },
  LAB_SECRET_STORE_UNAVAILABLE: {
    en: { title: 'This computer cannot keep the password safely', next: 'Leave the password empty and put it in the user\'s ~/.pgpass file (readable by the user only), or ask IT to enable the system keyring.' },
    'zh-CN': { title: '本机无法安全保存密码', next: '请将密码留空，改写入当前用户的 ~/.pgpass 文件（仅本人可读），或请 IT 启用系统密钥环。' },
  },
  CASE_CHANGED: {
    en: { title: 'Someone else changed this case', next: 'Nothing was overwritten. Reload the case, check the change, then do yours again.' },
    'zh-CN': { title: '其他人已修改此案例', next: '未覆盖任何内容。请重新加载案例，查看改动后再操作。' },
  },
  MIGRATE_CONFLICT: {
    en: { title: 'The records to move clash with the lab\'s', next: 'Nothing was copied. Resolve the clash named in the message (e.g. the same RMA number for two cases), then run the move again.' },
    'zh-CN': { title: '要迁移的记录与实验室已有记录冲突', next: '未复制任何内容。请先解决消息中所述的冲突（例如两个案例使用同一 RMA 号），然后重新迁移。' },
  },
  MIGRATE_SOURCE_INVALID: {
    en: { title: 'The bench\'s records cannot be moved as they are', next: 'Check them with "audit verify"; a database whose evidence chain is broken is not copied.' },
    'zh-CN': { title: '该工位的记录无法按原样迁移', next: '请先用“audit verify”检查；证据链损坏的数据库不会被复制。' },
  },
};

const UNKNOWN: Entry = {
  en: { title: 'Unexpected error', next: 'Try again; if it keeps happening, tell the supervisor and quote the code shown.' },
  'zh-CN': { title: '意外错误', next: '请重试；如果反复出现，请告知主管并提供显示的代码。' },
};

export interface ErrorText extends Words {
  code: string;
  /** The service's own message, for the details line (already English, from main). */
  detail: string;
}

/** "10:41" in the reader's own clock. */
function clock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/**
 * Issue 14: a case changed by another bench is told in people's words, "Changed by Li Wei at
 * bench 3 at 10:41: reload", from the details main sends (who, which station, when).
 */
function caseChangedTitle(details: Record<string, unknown> | undefined, zh: boolean): string | null {
  if (details === undefined || typeof details.at !== 'string') return null;
  const who = typeof details.changedBy === 'string' && details.changedBy !== '' ? details.changedBy : zh ? '其他人' : 'someone';
  const station = typeof details.station === 'string' && details.station !== '' ? details.station : null;
  const at = clock(details.at);
  if (zh) return `已被 ${who}${station ? ` 在 ${station}` : ''} 于 ${at} 修改：请重新加载`;
  return `Changed by ${who}${station ? ` at ${station}` : ''} at ${at}: reload`;
}

/** Issue 15: a soak refused for its rate says the rate this link carries for the module, in the page's words. */
function soakRateNext(details: Record<string, unknown> | undefined, zh: boolean): string | null {
  if (details === undefined || typeof details.maxHz !== 'number' || !Number.isFinite(details.maxHz)) return null;
  const max = details.maxHz;
  if (zh) return `未开始老化测试。此连接对该模块每秒最多约 ${max} 个样本：请选择 ${max} 或更低的频率。`;
  return `Nothing was started. This link carries at most about ${max} samples a second of this module: choose ${max} or fewer.`;
}

export function describeError(error: ErrorData, lng: string): ErrorText {
  const entry = (ERROR_MESSAGES as Record<string, Entry | undefined>)[error.code] ?? UNKNOWN;
  const zh = lng.startsWith('zh');
  const words = zh ? entry['zh-CN'] : entry.en;
  const title = error.code === 'CASE_CHANGED' ? (caseChangedTitle(error.details, zh) ?? words.title) : words.title;
  const next = error.code === 'SOAK_RATE_TOO_HIGH' ? (soakRateNext(error.details, zh) ?? words.next) : words.next;
  return { ...words, title, next, code: error.code, detail: error.message };
}
