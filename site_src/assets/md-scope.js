// Material for MkDocs 9.8.2's partials/javascripts/base.html, as a file instead of inline in every page
// (~330 bytes a page): the site's scope and Material's localStorage helpers, before anything else runs.
// The scope is the site's root, which this file knows from its own address (assets/md-scope.js), where
// the inline script had the page's base_url. Compare with the installed Material when upgrading it.
__md_scope=new URL("..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
