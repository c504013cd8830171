const $=(s,e=document)=>[...e.querySelectorAll(s)];
function applyFilters(){const l=document.getElementById('f-lang').value,r=document.getElementById('f-rule').value,
s=document.getElementById('f-sev').value;
$('.matrix [data-lang]').forEach(e=>e.classList.toggle('hidden',!!l&&e.dataset.lang!==l));
$('.langs tr[data-lang], #outliers li, .cell-view').forEach(e=>e.classList.toggle('hidden',!!l&&e.dataset.lang!==l));
$('tr.finding, tr.excerpt').forEach(e=>e.classList.toggle('hidden',(!!r&&e.dataset.rule!==r)||(!!s&&e.dataset.sev!==s)||(!!l&&e.dataset.lang&&e.dataset.lang!==l)));}
['f-lang','f-rule','f-sev'].forEach(id=>document.getElementById(id).addEventListener('change',applyFilters));
function sortBy(col,numeric){const body=document.querySelector('.matrix tbody');const rows=[...body.rows];
const dir=body.dataset.sorted===String(col)?-1:1;body.dataset.sorted=dir===1?String(col):'';
rows.sort((a,b)=>{const x=a.cells[col],y=b.cells[col];return numeric?dir*(parseFloat(y.dataset.score)-parseFloat(x.dataset.score)):dir*x.textContent.localeCompare(y.textContent)});
rows.forEach(r=>body.appendChild(r));}
$('.matrix thead th').forEach((th,i)=>th.addEventListener('click',()=>sortBy(i,i>0)));
