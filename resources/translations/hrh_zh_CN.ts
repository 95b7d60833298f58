<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AllowanceEditor</name>
    <message>
        <source>&amp;Add row</source>
        <translation>添加行(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove row</source>
        <translation>删除行(&amp;R)</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>上移(&amp;U)</translation>
    </message>
    <message>
        <source>Move do&amp;wn</source>
        <translation>下移(&amp;W)</translation>
    </message>
</context>
<context>
    <name>AllowanceModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Persons</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>Standard (yuan/person/month)</source>
        <translation>标准（元/人/月）</translation>
    </message>
    <message>
        <source>One-off award (yuan/person)</source>
        <translation>一次性奖励（元/人）</translation>
    </message>
    <message>
        <source>Paid this period (yuan)</source>
        <translation>本期发放金额（元）</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>核对</translation>
    </message>
    <message>
        <source>⚠ expected {amount}</source>
        <translation>⚠ 应为 {amount}</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Cannot open the database</source>
        <translation>无法打开数据库</translation>
    </message>
</context>
<context>
    <name>ChecksPanel</name>
    <message>
        <source>No problems found.</source>
        <translation>审核通过，没有发现问题。</translation>
    </message>
    <message>
        <source>{errors} errors, {warnings} warnings ({unexplained} without explanation). Double-click a problem to go to the figure; type an explanation beside a warning to keep it.</source>
        <translation>错误 {errors} 个，警告 {warnings} 个（{unexplained} 个未说明）。双击问题可跳到对应数字；在警告旁填写说明即可保留该警告。</translation>
    </message>
</context>
<context>
    <name>FindingsModel</name>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Explanation (to keep a warning)</source>
        <translation>说明（保留警告须填写）</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Warning (kept)</source>
        <translation>警告（已说明）</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>(errors must be corrected)</source>
        <translation>（错误必须改正）</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>User guide</source>
        <translation>使用说明</translation>
    </message>
    <message>
        <source>The user guide {path} is missing. Reinstall the program.</source>
        <translation>找不到使用说明文件 {path}。请重新安装程序。</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>History: {label}</source>
        <translation>数据历史：{label}</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Old</source>
        <translation>原值</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新值</translation>
    </message>
    <message>
        <source>Last eight quarters</source>
        <translation>最近八个季度</translation>
    </message>
    <message>
        <source>Changes (audit trail)</source>
        <translation>修改记录</translation>
    </message>
    <message>
        <source>(blank)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>created</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>edited</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>submitted</source>
        <translation>报送</translation>
    </message>
    <message>
        <source>reopened</source>
        <translation>撤回报送</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Quarterly health-workforce return</source>
        <translation>卫生人才工作季度报表</translation>
    </message>
    <message>
        <source>Opening the database…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Su&amp;bmit…</source>
        <translation>报送(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Reopen submitted return…</source>
        <translation>撤回报送(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Units and settings…</source>
        <translation>单位与设置(&amp;U)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;History of this figure…</source>
        <translation>查看数据历史(&amp;H)…</translation>
    </message>
    <message>
        <source>Go to the first &amp;problem</source>
        <translation>跳到第一个问题(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Next section</source>
        <translation>下一部分(&amp;N)</translation>
    </message>
    <message>
        <source>Pre&amp;vious section</source>
        <translation>上一部分(&amp;V)</translation>
    </message>
    <message>
        <source>Go to the &amp;units</source>
        <translation>转到单位列表(&amp;U)</translation>
    </message>
    <message>
        <source>Go to the &amp;period</source>
        <translation>转到报告期(&amp;P)</translation>
    </message>
    <message>
        <source>Go to the &amp;form</source>
        <translation>转到报表(&amp;F)</translation>
    </message>
    <message>
        <source>Go to the &amp;checks</source>
        <translation>转到审核结果(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation>使用说明(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>报表</translation>
    </message>
    <message>
        <source> Period: </source>
        <translation> 报告期：</translation>
    </message>
    <message>
        <source> (year)</source>
        <translation> 年</translation>
    </message>
    <message>
        <source>Reporting units</source>
        <translation>报告单位</translation>
    </message>
    <message>
        <source>This period</source>
        <translation>本期</translation>
    </message>
    <message>
        <source>&amp;Carry over last quarter&apos;s stock figures</source>
        <translation>带入上季度期末数(&amp;C)</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>表尾签署</translation>
    </message>
    <message>
        <source>There are no reporting units yet. Add your own unit under File → Units and settings.</source>
        <translation>还没有任何报告单位。请在“文件 → 单位与设置”中添加本单位。</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>欢迎使用</translation>
    </message>
    <message>
        <source>The database is empty. Enter your own unit, or look around with the demo data first?</source>
        <translation>数据库中还没有任何单位。请先填写本单位，或者先打开示范数据看一看？</translation>
    </message>
    <message>
        <source>Enter our unit…</source>
        <translation>填写本单位…</translation>
    </message>
    <message>
        <source>Open the demo data</source>
        <translation>打开示范数据</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <source>The return has changes that are not saved yet. Save them?</source>
        <translation>报表有尚未保存的修改。要保存吗？</translation>
    </message>
    <message>
        <source> (ours)</source>
        <translation>（本单位）</translation>
    </message>
    <message>
        <source>{unit} — {period} — Quarterly health-workforce return</source>
        <translation>{unit} — {period} — 卫生人才工作季度报表</translation>
    </message>
    <message>
        <source>This return was submitted {when} and is read-only. To change it, use File → Reopen submitted return.</source>
        <translation>本报表已于 {when} 报送，只能查看。如需修改，请用“文件 → 撤回报送”。</translation>
    </message>
    <message>
        <source>There is no return for this quarter yet. Start from last quarter&apos;s stock figures (staff, discipline leaders)?</source>
        <translation>本季度还没有报表。要从上季度的期末数（人员基本情况、学科带头人）开始填写吗？</translation>
    </message>
    <message>
        <source>There is no return for this quarter yet; it is created when you type the first figure.</source>
        <translation>本季度还没有报表；填入第一个数字时自动建立。</translation>
    </message>
    <message>
        <source>{n} stock figures carried over from last quarter.</source>
        <translation>已带入上季度期末数 {n} 项，请逐项核对。</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未能保存</translation>
    </message>
    <message>
        <source>The return is empty. Type the figures first (0 for none).</source>
        <translation>报表还是空的。请先填写数字（没有的填0）。</translation>
    </message>
    <message>
        <source>Submitted. The return is now read-only.</source>
        <translation>已报送。报表现在只能查看。</translation>
    </message>
    <message>
        <source>Cannot submit yet</source>
        <translation>暂不能报送</translation>
    </message>
    <message>
        <source>The return cannot be submitted: {errors} errors must be corrected and {warnings} warnings need an explanation. They are listed in the checks panel; double-click one to go to the figure.</source>
        <translation>报表还不能报送：有 {errors} 个错误须改正，{warnings} 个警告须填写说明。它们列在下方审核结果中，双击可跳到对应数字。</translation>
    </message>
    <message>
        <source>Reopen the return?</source>
        <translation>撤回报送？</translation>
    </message>
    <message>
        <source>This return has been submitted. Reopen it for changes? The reopening is recorded, and it must be submitted again.</source>
        <translation>本报表已报送。确定撤回以便修改吗？撤回会记入修改记录，改完后须重新报送。</translation>
    </message>
    <message>
        <source>Reopened: the return is a draft again.</source>
        <translation>已撤回报送，报表恢复为草稿。</translation>
    </message>
    <message>
        <source>Put the cursor in a figure to see its history.</source>
        <translation>请先把光标放在一个数字上，再查看历史。</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>已报送</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Not saved yet</source>
        <translation>尚未保存</translation>
    </message>
    <message>
        <source>Saved {time}</source>
        <translation>已保存 {time}</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>Nothing typed yet</source>
        <translation>尚未填写</translation>
    </message>
    <message>
        <source>{errors} errors · {warnings} warnings</source>
        <translation>错误 {errors} · 警告 {warnings}</translation>
    </message>
</context>
<context>
    <name>NumberEdit</name>
    <message>
        <source>History of this figure…</source>
        <translation>查看数据历史…</translation>
    </message>
</context>
<context>
    <name>SectionForm</name>
    <message>
        <source>Computed ratios (calculated, not typed)</source>
        <translation>计算指标（自动计算，无须填写）</translation>
    </message>
    <message>
        <source>Allowances and honours</source>
        <translation>津贴与荣誉</translation>
    </message>
    <message>
        <source>1. …
2. …</source>
        <translation>1、……
2、……</translation>
    </message>
    <message>
        <source>Indicator</source>
        <translation>指标名称</translation>
    </message>
    <message>
        <source>This period</source>
        <translation>本期</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>计量单位</translation>
    </message>
    <message>
        <source>Last period</source>
        <translation>上期</translation>
    </message>
</context>
<context>
    <name>SignatoriesForm</name>
    <message>
        <source>(not given)</source>
        <translation>（未填）</translation>
    </message>
    <message>
        <source>&amp;Today</source>
        <translation>今天(&amp;T)</translation>
    </message>
    <message>
        <source>Head of unit</source>
        <translation>单位负责人</translation>
    </message>
    <message>
        <source>Head of statistics</source>
        <translation>统计负责人</translation>
    </message>
    <message>
        <source>Filled in by</source>
        <translation>填表人</translation>
    </message>
    <message>
        <source>Telephone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Date of report</source>
        <translation>报出日期</translation>
    </message>
    <message>
        <source>&lt;b&gt;Signatures at the foot of the return&lt;/b&gt;</source>
        <translation>&lt;b&gt;表尾签署&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Defaults for new returns are set under File → Units and settings.</source>
        <translation>新报表的默认签署人在“文件 → 单位与设置”中设置。</translation>
    </message>
</context>
<context>
    <name>SumLabel</name>
    <message>
        <source>Sum: not filled in</source>
        <translation>合计：未填</translation>
    </message>
    <message>
        <source>Sum {sum}</source>
        <translation>合计 {sum}</translation>
    </message>
    <message>
        <source>{text}; {n} parts still blank (type 0 for none)</source>
        <translation>{text}；还有 {n} 项未填（没有请填0）</translation>
    </message>
    <message>
        <source>{text}; {total} is blank</source>
        <translation>{text}；{total}未填</translation>
    </message>
    <message>
        <source>{text} ≠ {total} {value} (difference {diff})</source>
        <translation>{text} ≠ {total} {value}（相差 {diff}）</translation>
    </message>
    <message>
        <source>{text} = {total} ✓</source>
        <translation>{text} = {total} ✓</translation>
    </message>
</context>
<context>
    <name>UnitsDialog</name>
    <message>
        <source>Units and settings</source>
        <translation>单位与设置</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>This is our unit (the one this computer reports for)</source>
        <translation>这是本单位（本机为其填报）</translation>
    </message>
    <message>
        <source>&amp;New unit</source>
        <translation>新增单位(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Save unit</source>
        <translation>保存单位(&amp;S)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>单位类别</translation>
    </message>
    <message>
        <source>Parent unit</source>
        <translation>上级单位</translation>
    </message>
    <message>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Defaults for new returns and the printed form</source>
        <translation>新报表默认值与打印表头</translation>
    </message>
    <message>
        <source> (ours)</source>
        <translation>（本单位）</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation>已保存 {name}。</translation>
    </message>
</context>
</TS>
