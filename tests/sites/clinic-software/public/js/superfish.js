/* Superfish v1.4.8 (stub) - dropdown menus; content does not depend on this script */
(function($){$.fn.superfish=function(o){return this.each(function(){var $m=$(this);$m.find('li').hover(function(){$(this).children('ul').stop(true,true).fadeIn(150);},function(){$(this).children('ul').stop(true,true).fadeOut(150);});});};})(jQuery);
